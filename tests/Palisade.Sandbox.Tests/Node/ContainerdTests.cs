namespace Palisade.Sandbox.Tests.Node;

/// <summary>Tests that start a real containerd run one at a time, never beside other container runs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ContainerdTests
{
    public const string Name = "containerd";
}
