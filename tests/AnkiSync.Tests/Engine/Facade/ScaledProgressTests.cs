using System;
using System.Collections.Generic;

namespace AnkiSync.Tests.Engine.Facade;

/// <summary>A stage's 0..1 reported as its share of the whole, clamped so that a stage never reports outside its share.</summary>
public sealed class ScaledProgressTests
{
    [Fact]
    public void AStagesProgressMapsOntoItsShare()
    {
        var reported = new List<double>();
        var stage = new ScaledProgress(new Recorder(reported), 0.35, 1);

        foreach (double value in new[] { -0.5, 0, 0.5, 1, 2 })
        {
            stage.Report(value);
        }

        Assert.Equal(new[] { 0.35, 0.35, 0.675, 1, 1 }, reported);
    }

    private sealed class Recorder : IProgress<double>
    {
        private readonly List<double> values;

        public Recorder(List<double> values) => this.values = values;

        public void Report(double value) => values.Add(Math.Round(value, 6));
    }
}
