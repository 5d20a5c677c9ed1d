namespace Palisade.Monitor.Tests;

/// <summary>Tests that start the real runsc: one at a time, never next to each other on a 2-core machine (CONTRIBUTING.md).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealRunsc
{
    public const string Name = "real runsc";
}
