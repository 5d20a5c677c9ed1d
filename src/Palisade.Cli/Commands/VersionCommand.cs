using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Palisade.Cli.Output;
using Palisade.Sandbox.Runtimes;
using Palisade.Core.Reports;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade version</c>: Palisade's own version and the runtime versions found on this host.</summary>
internal static class VersionCommand
{
    public const string Examples = """
        Palisade's version comes from the build (<Version> in Directory.Build.props, the tag of the image deploy/ runs).
        Each runtime is looked up on PATH and in /usr/sbin, /usr/bin; "not found" is not an error.

        Examples:
          palisade version
          palisade version --format json
        """;

    public static Command Create(CliConsole console)
    {
        var common = new CommonOptions("text", "json");
        var command = new Command("version", "Palisade's version, and the versions of runc, runsc, containerd (and their shims) found on this host.");
        common.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var output = parse.GetValue(common.Output);
            ReportSink.EnsureWritable(output, parse.GetValue(common.Force), []);
            var components = await InstalledVersions.ProbeAsync(cancel).ConfigureAwait(false);
            var json = parse.GetValue(common.Format) == "json";
            await ReportSink.WriteAsync(output, console.Out, s =>
            {
                if (json)
                {
                    WriteJson(s, components);
                }
                else
                {
                    s.Write(Encoding.UTF8.GetBytes(Text(components)));
                }
            }).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string Text(IReadOnlyList<InstalledComponent> components)
    {
        var text = new StringBuilder();
        text.Append($"palisade {ToolVersion.Current} ({RuntimeInformation.FrameworkDescription}, {RuntimeInformation.RuntimeIdentifier})\n");
        var nameWidth = components.Max(c => c.Name.Length);
        var versionWidth = components.Max(c => (c.Version ?? "not found").Length);
        foreach (var c in components)
        {
            var version = c.Path is null ? "not found" : c.Version ?? "unreadable";
            text.Append(c.Name.PadRight(nameWidth)).Append("  ").Append(version.PadRight(versionWidth)).Append("  ").Append(c.Path ?? "").Append('\n');
        }

        return string.Join('\n', text.ToString().Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n');
    }

    private static void WriteJson(Stream stream, IReadOnlyList<InstalledComponent> components)
    {
        using var w = ReportJson.CreateWriter(stream);
        w.WriteStartObject();
        w.WriteString("palisade", ToolVersion.Current);
        w.WriteString("dotnet", RuntimeInformation.FrameworkDescription);
        w.WriteString("platform", RuntimeInformation.RuntimeIdentifier);
        w.WriteStartArray("components");
        foreach (var c in components)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteBoolean("found", c.Path is not null);
            w.WriteString("path", c.Path);
            w.WriteString("version", c.Version);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
