using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Bench;

/// <summary>One column of a benchmark run: a runtime, and for runsc the platform it runs on.</summary>
/// <param name="Kind">native, runc or runsc.</param>
/// <param name="Platform">The runsc platform (ptrace, systrap, kvm); null for native and runc.</param>
public sealed record BenchRuntime(RuntimeKind Kind, string? Platform = null)
{
    public static BenchRuntime Native { get; } = new(RuntimeKind.Native);

    public static BenchRuntime Runc { get; } = new(RuntimeKind.Runc);

    /// <summary><c>native</c>, <c>runc</c>, or <c>runsc</c> (the platform is reported separately).</summary>
    public string Name => Kind.ToString().ToLowerInvariant();

    /// <summary>For display: <c>runsc (ptrace)</c>.</summary>
    public override string ToString() => Platform is null ? Name : $"{Name} ({Platform})";
}
