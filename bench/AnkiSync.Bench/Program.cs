using System;
using System.Globalization;
using AnkiSync.Bench;

// dotnet run -c Release --project bench/AnkiSync.Bench -- [--n 1000,10000,100000] [--runs 3] [--only ...] [--keep]
// The harness re-invokes itself as "--one <scenario> <N> <dir>" so each measurement has its own process and peak memory.
try
{
    if (args.Length == 4 && args[0] == "--one")
    {
        return ChildRun.Run(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3]);
    }

    if (args.Length == 4 && args[0] == "--profile")
    {
        return Profile.Run(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3]);
    }

    return new Driver(BenchOptions.Parse(args)).Run();
}
catch (Exception e) when (e is ArgumentException || e is System.IO.FileNotFoundException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
