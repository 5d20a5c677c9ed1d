namespace Palisade.Sandbox.Images;

/// <summary>The process part of a runtime spec, as taken from an image config or a host command.</summary>
internal sealed record ProcessSpec(IReadOnlyList<string> Args, IReadOnlyList<string> Env, string Cwd, uint Uid, uint Gid);
