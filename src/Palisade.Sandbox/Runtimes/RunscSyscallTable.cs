namespace Palisade.Sandbox.Runtimes;

/// <summary>The raw JSON of <c>runsc help syscalls -format json</c>, the <c>runsc --version</c> line, and its release date (yyyymmdd).</summary>
public sealed record RunscSyscallTable(string Json, string VersionLine, int? ReleaseDate);
