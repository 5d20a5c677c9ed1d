namespace Palisade.Sandbox.Runtimes;

/// <summary>One runtime component looked for on this host, with its version line when found.</summary>
/// <param name="Name">runc, runsc, containerd, containerd-shim-runsc-v1 or kata-runtime.</param>
/// <param name="Path">Absolute path, or null when not found.</param>
/// <param name="Version">The version as the binary prints it (first line, program name dropped), or null.</param>
public sealed record InstalledComponent(string Name, string? Path, string? Version);

/// <summary>The versions of the runtimes Palisade drives, for <c>palisade version</c> and bug reports.</summary>
public static class InstalledVersions
{
    private static readonly (string Name, string[] Arguments)[] Components =
    [
        ("runc", ["--version"]),
        ("runsc", ["--version"]),
        ("containerd", ["--version"]),
        ("containerd-shim-runsc-v1", ["-v"]),
        ("kata-runtime", ["--version"]),
    ];

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Looks every component up and asks each one found for its version, all at once.</summary>
    public static async Task<IReadOnlyList<InstalledComponent>> ProbeAsync(CancellationToken ct = default) =>
        await Task.WhenAll(Components.Select(c => ProbeOneAsync(c.Name, c.Arguments, ct))).ConfigureAwait(false);

    private static async Task<InstalledComponent> ProbeOneAsync(string name, string[] arguments, CancellationToken ct)
    {
        var path = RuntimeProbe.Locate(name);
        if (path is null)
        {
            return new InstalledComponent(name, null, null);
        }

        var result = await ToolCommand.RunAsync(path, arguments, Timeout, ct).ConfigureAwait(false);
        var text = result.Stdout.Length > 0 ? result.Stdout : result.Stderr;
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return new InstalledComponent(name, path, result.ExitCode == 0 && line is not null ? VersionOf(name, line) : null);
    }

    /// <summary>"runc version 1.1.5+ds1" gives "1.1.5+ds1"; "containerd github.com/containerd/containerd 1.6.20~ds1 …" gives "1.6.20~ds1".</summary>
    internal static string VersionOf(string name, string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var afterKeyword = Array.FindIndex(words, w => w.Equals("version", StringComparison.OrdinalIgnoreCase) || w.Equals("version:", StringComparison.OrdinalIgnoreCase));
        if (afterKeyword >= 0 && afterKeyword + 1 < words.Length)
        {
            return words[afterKeyword + 1];
        }

        var numeric = words.FirstOrDefault(w => w.Length > 0 && (char.IsAsciiDigit(w[0]) || (w[0] == 'v' && w.Length > 1 && char.IsAsciiDigit(w[1]))));
        return numeric ?? line;
    }
}
