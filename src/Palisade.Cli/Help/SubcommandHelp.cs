namespace Palisade.Cli.Help;

/// <summary>
/// Exit codes and examples of each <c>node</c> and <c>seccomp</c> subcommand, so that a subcommand's help shows its
/// own examples rather than its parent's list; and which <c>node config</c> options apply to which TARGET.
/// </summary>
internal static class SubcommandHelp
{
    private static readonly Dictionary<string, string> Pages = new(StringComparer.Ordinal)
    {
        ["node config"] = """
            TARGET is containerd, crio, runtimeclass or runsc; `palisade node config TARGET --help` lists only the
            options that TARGET uses. --merge FILE edits an existing containerd config in place (only with --force,
            after writing FILE.bak) or into --output, keeping comments and every other setting.

            Exit codes: 0 written, 2 bad input.

            Examples:
              palisade node config containerd --runtime runsc --runsc-shim runc --runsc-network none
              palisade node config containerd --runtime runsc,kata --containerd-version 2.x
              palisade node config containerd --merge /etc/containerd/config.toml --force
              palisade node config crio --runtime runsc,kata
              palisade node config runsc --runsc-shim runc --runsc-network none --output /usr/local/bin/runsc-cri
              palisade node config runtimeclass --runtime runsc,kata --node-selector sandbox.palisade.dev/enabled=true
            """,
        ["node doctor"] = """
            Exit codes: 0 no errors, 1 errors found, 2 bad input.

            Examples:
              palisade node doctor
              palisade node doctor --config-only --containerd-config /etc/containerd/config.toml
              palisade node doctor --containerd-config /etc/containerd/config.toml --manifests k8s/runtimeclasses.yaml
            """,
        ["node verify"] = """
            Exit codes: 0 every handler works, 1 one does not, 2 bad input, 3 containerd unreachable.

            Examples:
              palisade node verify
              palisade node verify --containerd-address /run/containerd/containerd.sock --handler runc,runsc
              palisade node verify --format json --output verify.json
            """,
        ["seccomp generate"] = """
            Exit codes: 0 written, 2 bad input, 3 environment problem (when INPUT is a TARGET to record).

            Examples:
              palisade assess --format json --output assessment.json && palisade seccomp generate assessment.json --output app.json
              palisade profile img/ --format json --output p.json && palisade seccomp generate p.json --default-action kill
              palisade seccomp generate ./image-layout --arch aarch64 --output app.json
            """,
        ["seccomp validate"] = """
            Exit codes: 0 valid, 1 invalid, 2 unreadable.

            Examples:
              palisade seccomp validate app.json
              palisade seccomp validate app.json --arch aarch64
            """,
        ["seccomp diff"] = """
            Exit codes: 0 compared, 2 unreadable.

            Examples:
              palisade seccomp diff old.json new.json
            """,
        ["seccomp merge"] = """
            Exit codes: 0 merged, 2 bad input.

            Examples:
              palisade seccomp merge run1.json run2.json --output merged.json
            """,
        ["seccomp verify"] = """
            Exit codes: 0 same behaviour with and without the profile, 1 different, 2 bad input, 3 environment problem.

            Examples:
              palisade seccomp verify app.json ./image-layout --runtime runc,runsc
              palisade seccomp verify app.json -- /bin/sh -c 'echo hi'
            """,
        ["version"] = Commands.VersionCommand.Examples,
        ["help"] = """
            Examples:
              palisade help
              palisade help node config
            """,
    };

    /// <summary>The options of <c>node config</c> that matter for each TARGET (common options are always shown).</summary>
    public static IReadOnlyDictionary<string, string[]> NodeConfigOptionsByTarget { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["containerd"] = ["--runtime", "--containerd-version", "--runsc-shim", "--runsc-platform", "--runsc-network", "--runsc-path", "--runsc-wrapper", "--runsc-config", "--merge"],
        ["crio"] = ["--runtime", "--runsc-shim", "--runsc-platform", "--runsc-network", "--runsc-path", "--runsc-wrapper", "--runsc-config"],
        ["runsc"] = ["--runsc-shim", "--runsc-platform", "--runsc-network", "--runsc-path", "--runsc-wrapper", "--runsc-config"],
        ["runtimeclass"] = ["--runtime", "--node-selector", "--toleration-key"],
    };

    /// <summary>The help page text for the command path ("node doctor"), or null.</summary>
    public static string? For(string path) => Pages.GetValueOrDefault(path);
}
