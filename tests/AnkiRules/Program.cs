using System;
using AnkiSync.Tests.Validation;

// Usage: AnkiRules [-Real] [-AllowMissingMedia] <file>...
// -Real: the relaxations real collections need; -AllowMissingMedia: fields may name media the package lacks (see AnkiRules.Options).
var options = new AnkiRules.Options();
int broken = 0;
foreach (string argument in args)
{
    if (argument == "-Real")
    {
        options = new AnkiRules.Options { AllowExtraCards = true, RequireReferencedMedia = false, RequireNextPosition = false, RequirePaddedTags = false };
        continue;
    }

    if (argument == "-AllowMissingMedia")
    {
        options = options with { RequireReferencedMedia = false };
        continue;
    }

    foreach (string problem in AnkiRules.Check(argument, options))
    {
        Console.WriteLine($"{argument}: {problem}");
        broken++;
    }
}

return broken == 0 ? 0 : 1;
