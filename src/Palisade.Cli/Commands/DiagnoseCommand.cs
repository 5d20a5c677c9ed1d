using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Palisade.Cli.Output;
using Palisade.Core.Syscalls;
using Palisade.Sandbox.Runtimes;
using Palisade.Core.Reports;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade diagnose LOG...</c>: why a workload failed in gVisor, from its runsc debug log or strace output.</summary>
internal static class DiagnoseCommand
{
    public const string Examples = """
        LOG is a runsc debug log (runsc --debug --strace --debug-log=DIR/), a folder of them (the *.boot.txt file holds
        the workload's syscalls), or `strace -f` output. Each failing syscall is classified against the compatibility
        table of the installed runsc (`runsc help syscalls -format json`, cached per version), or of --runsc-syscalls.

        Exit codes: 0 nothing blocking found, 1 a syscall gVisor does not implement failed (no fallback),
        2 bad input or usage, 3 runsc missing (and no --runsc-syscalls given).

        Examples:
          palisade diagnose /tmp/runsc-logs/
          palisade diagnose app.strace.txt --strace-start-at /app/server
          palisade diagnose logs/ --format json --runsc-syscalls runsc-syscalls.json
        """;

    private const int SniffChars = 8192;

    public static Command Create(CliConsole console)
    {
        var logs = new Argument<string[]>("LOG")
        {
            Description = "runsc debug logs, folders of them, or strace -f output.",
            Arity = ArgumentArity.OneOrMore,
        };
        var table = new Option<FileInfo?>("--runsc-syscalls")
        {
            Description = "A saved `runsc help syscalls -format json` table to classify against, instead of the installed runsc's.",
        };
        var startAt = new Option<string?>("--strace-start-at")
        {
            Description = "For strace -f of a runtime: ignore everything before the workload's execve of this program.",
        };
        var common = new CommonOptions("text", "json");
        var command = new Command("diagnose", "Explain a workload that fails in gVisor from its logs: the unsupported syscalls, their errno, and the fix.")
        {
            logs, table, startAt,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var inputs = parse.GetValue(logs) ?? [];
            var output = parse.GetValue(common.Output);
            ReportSink.EnsureWritable(output, parse.GetValue(common.Force), inputs);
            var files = ExpandInputs(inputs);
            var compat = await LoadTableAsync(parse.GetValue(table), cancel).ConfigureAwait(false);
            var options = new StraceParserOptions { StartAtExecOf = parse.GetValue(startAt) };

            var reports = new List<LogReport>();
            foreach (var (file, explicitlyNamed) in files)
            {
                var report = await AnalyzeAsync(file, explicitlyNamed, compat, options, cancel).ConfigureAwait(false);
                if (report is not null)
                {
                    reports.Add(report);
                }
            }

            if (reports.Count == 0)
            {
                throw new UsageException($"{string.Join(", ", inputs)}: no runsc debug log or strace output found");
            }

            if (parse.GetValue(common.Format) == "json")
            {
                await ReportSink.WriteAsync(output, console.Out, s => WriteJson(reports, compat, s)).ConfigureAwait(false);
            }
            else
            {
                await TerminalStyle.WriteTextAsync(console, output, writer => WriteText(reports, compat, writer)).ConfigureAwait(false);
            }

            return reports.Any(r => r.Findings.Any(f => f.Impact == "blocking")) ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    private sealed record LogReport(string Source, LogKind Kind, SyscallTrace Trace, IReadOnlyList<DiagnoseFinding> Findings);

    private static List<(string File, bool Explicit)> ExpandInputs(IEnumerable<string> inputs)
    {
        var files = new List<(string, bool)>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input).Order(StringComparer.Ordinal).Select(f => (f, false)));
            }
            else if (File.Exists(input))
            {
                files.Add((input, true));
            }
            else
            {
                throw new UsageException($"{input}: no such file or directory");
            }
        }

        return files;
    }

    private static async Task<GvisorCompatTable> LoadTableAsync(FileInfo? file, CancellationToken cancel)
    {
        string json;
        string? version;
        if (file is not null)
        {
            if (!file.Exists)
            {
                throw new UsageException($"{file}: no such file");
            }

            json = await File.ReadAllTextAsync(file.FullName, cancel).ConfigureAwait(false);
            version = null;
        }
        else
        {
            var installed = await RunscCompatibility.GetSyscallTableAsync(cancel).ConfigureAwait(false);
            json = installed.Json;
            version = installed.ReleaseDate?.ToString(CultureInfo.InvariantCulture) ?? installed.VersionLine;
        }

        if (!GvisorCompatTable.TryParse(json, "amd64", version, out var table, out var error))
        {
            throw new UsageException($"{file?.ToString() ?? "runsc help syscalls"}: {error}");
        }

        return table!;
    }

    private static async Task<LogReport?> AnalyzeAsync(string file, bool explicitlyNamed, GvisorCompatTable table, StraceParserOptions options, CancellationToken cancel)
    {
        var stream = File.OpenRead(file);
        await using (stream.ConfigureAwait(false))
        {
            var head = new char[SniffChars];
            using var sniff = new StreamReader(stream, leaveOpen: true);
            var read = await sniff.ReadBlockAsync(head, cancel).ConfigureAwait(false);
            var kind = LogKindDetector.Detect(head.AsSpan(0, read));
            if (kind == LogKind.Unknown)
            {
                return explicitlyNamed ? throw new UsageException($"{file}: neither a runsc debug log nor strace output") : null;
            }

            stream.Position = 0;
            var trace = kind == LogKind.RunscDebug ? RunscLogParser.Parse(stream) : StraceParser.Parse(stream, options);
            return trace.TotalCalls == 0 && trace.Unsupported.Count == 0 && !explicitlyNamed
                ? null
                : new LogReport(file, kind, trace, DiagnoseAnalyzer.Analyze(trace, table));
        }
    }

    private static void WriteText(List<LogReport> reports, GvisorCompatTable table, TextWriter w)
    {
        foreach (var r in reports)
        {
            var kind = r.Kind == LogKind.RunscDebug ? "runsc debug log" : "strace output";
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Source} ({kind}: {r.Trace.TotalCalls:N0} syscalls, {r.Trace.Syscalls.Count} distinct{ExitText(r.Trace)})"));
            if (r.Findings.Count == 0)
            {
                w.WriteLine("  no failing or unsupported syscalls");
            }

            // Columns as wide as their longest entry, so a long errno (EOPNOTSUPP) does not shift the rest.
            var nameWidth = r.Findings.Count == 0 ? 0 : r.Findings.Max(f => f.Syscall.Length);
            var errnoWidth = r.Findings.Count == 0 ? 0 : r.Findings.Max(f => (f.Errno ?? "-").Length);
            var countWidth = r.Findings.Count == 0 ? 0 : r.Findings.Max(f => f.Count.ToString(CultureInfo.InvariantCulture).Length) + 1;
            foreach (var f in r.Findings)
            {
                var impact = f.Impact == "blocking" ? "BLOCKING" : f.Impact;
                var count = "x" + f.Count.ToString(CultureInfo.InvariantCulture);
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {impact,-8}  {f.Syscall.PadRight(nameWidth)}  {(f.Errno ?? "-").PadRight(errnoWidth)}  {count.PadRight(countWidth)}  {f.Suggestion}"));
            }

            w.WriteLine();
        }

        var blocking = reports.SelectMany(r => r.Findings).Where(f => f.Impact == "blocking").Select(f => f.Syscall).Distinct().ToList();
        var versionText = table.RunscVersion is null ? "" : $" {table.RunscVersion}";
        w.WriteLine(blocking.Count == 0
            ? $"Verdict: nothing in these logs that gVisor{versionText} lacks; failures listed are ordinary errors or harmless fallbacks."
            : $"Verdict: gVisor{versionText} does not implement {string.Join(", ", blocking)}; run this workload with Kata or disable the feature that needs it.");
    }

    private static string ExitText(SyscallTrace trace) =>
        trace.ExitCode is { } code ? string.Create(CultureInfo.InvariantCulture, $", exit {code}")
        : trace.KilledBy is { } signal ? $", killed by {signal}" : "";

    private static void WriteJson(List<LogReport> reports, GvisorCompatTable table, Stream s)
    {
        using var w = ReportJson.CreateWriter(s);
        w.WriteStartObject();
        w.WriteString("runscVersion", table.RunscVersion);
        w.WriteStartArray("findings");
        foreach (var r in reports)
        {
            foreach (var f in r.Findings)
            {
                w.WriteStartObject();
                w.WriteString("source", r.Source);
                w.WriteString("syscall", f.Syscall);
                w.WriteString("errno", f.Errno);
                w.WriteNumber("count", f.Count);
                w.WriteString("support", f.Support);
                w.WriteString("impact", f.Impact);
                w.WriteString("suggestion", f.Suggestion);
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        w.WriteStartArray("logs");
        foreach (var r in reports)
        {
            w.WriteStartObject();
            w.WriteString("source", r.Source);
            w.WriteString("kind", r.Kind == LogKind.RunscDebug ? "runsc" : "strace");
            w.WriteNumber("syscalls", r.Trace.TotalCalls);
            w.WriteNumber("linesRead", r.Trace.LinesRead);
            w.WriteNumber("skippedLines", r.Trace.SkippedLines);
            if (r.Trace.ExitCode is { } code)
            {
                w.WriteNumber("exitCode", code);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
