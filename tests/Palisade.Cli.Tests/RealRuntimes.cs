namespace Palisade.Cli.Tests;

/// <summary>Tests that run the real runc and runsc run one at a time: the machine has two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealRuntimes
{
    public const string Name = "real runtimes";
}
