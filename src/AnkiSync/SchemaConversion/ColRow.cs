using System.Text;
using AnkiSync.Storage;

namespace AnkiSync.SchemaConversion
{
    /// <summary>The five JSON columns of the <c>col</c> row (empty strings in schema 18).</summary>
    internal sealed class ColRow
    {
        public string Conf { get; private set; } = string.Empty;

        public string Models { get; private set; } = string.Empty;

        public string Decks { get; private set; } = string.Empty;

        public string Dconf { get; private set; } = string.Empty;

        public string Tags { get; private set; } = string.Empty;

        public static ColRow Read(AnkiDatabase db)
        {
            using var command = db.Command("select conf, models, decks, dconf, tags from col");
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                throw new AnkiException(AnkiErrors.InvalidCollection, $"The collection '{db.Path}' has no col row.", db.Path);
            }

            return new ColRow
            {
                Conf = Text(reader.GetValue(0)),
                Models = Text(reader.GetValue(1)),
                Decks = Text(reader.GetValue(2)),
                Dconf = Text(reader.GetValue(3)),
                Tags = Text(reader.GetValue(4)),
            };
        }

        /// <summary>A TEXT or BLOB cell as a string (SQLite does not enforce declared types).</summary>
        public static string Text(object? value)
            => value switch
            {
                string text => text,
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                null => string.Empty,
                System.DBNull _ => string.Empty,
                _ => System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            };

        /// <summary>A BLOB or TEXT cell as bytes.</summary>
        public static byte[] Blob(object? value)
            => value switch
            {
                byte[] bytes => bytes,
                string text => Encoding.UTF8.GetBytes(text),
                _ => System.Array.Empty<byte>(),
            };
    }
}
