using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Profiling;

public sealed record ProfileOptions(IReadOnlyList<RuntimeKind> Runtimes, TimeSpan Timeout, string? RunscPlatform = null);
