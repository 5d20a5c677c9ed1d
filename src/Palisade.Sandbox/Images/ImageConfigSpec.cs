namespace Palisade.Sandbox.Images;

/// <summary>The runnable part of an image config that <see cref="OciLayoutWriter"/> records.</summary>
internal sealed record ImageConfigSpec
{
    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    public IReadOnlyList<string> Cmd { get; init; } = [];

    public IReadOnlyList<string> Env { get; init; } = [];

    public string? WorkingDir { get; init; }

    public string? User { get; init; }
}
