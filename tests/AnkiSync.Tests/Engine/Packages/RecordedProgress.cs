using System;
using System.Collections.Generic;

namespace AnkiSync.Tests.Engine.Packages;

/// <summary>Records every progress report as it is made (Progress&lt;T&gt; would post them later, on another thread).</summary>
internal sealed class RecordedProgress : IProgress<double>
{
    public List<double> Values { get; } = new();

    public void Report(double value) => Values.Add(value);
}
