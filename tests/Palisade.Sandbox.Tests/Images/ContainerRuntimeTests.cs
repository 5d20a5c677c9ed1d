namespace Palisade.Sandbox.Tests.Images;

/// <summary>Tests that start real runc or runsc containers run one at a time (the build machine has two cores).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ContainerRuntimeTests
{
    public const string Name = "Container runtimes";
}
