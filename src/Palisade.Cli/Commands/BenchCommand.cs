using System.CommandLine;
using System.Globalization;
using System.Text;
using Palisade.Cli.Output;
using Palisade.Sandbox.Bench;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade bench</c>: micro-benchmarks natively, under runc and under runsc, as ratios to native.</summary>
internal static class BenchCommand
{
    public const string Examples = """
        Runs small static C programs (compiled here with gcc, nothing downloaded) natively, under runc and under runsc
        on every platform this host and runsc support (kvm only as --runtime runsc:kvm): syscall round trip, file open/close, write and read, pipe,
        mmap, fork, exec, TCP loopback inside the sandbox, a CPU-bound control, start-up and memory overhead.
        Each benchmark: one warm-up, then --repeat runs interleaved across runtimes; the median with min and max,
        and the ratio to native. A spread over 25% is flagged. Kata cannot run here (no KVM, no package): reported
        as not measured. The full suite takes a few minutes; --quick under a minute.

        --out DIR writes bench.json, bench.html (one bar chart per benchmark, no external assets) and bench.txt.

        Examples:
          palisade bench --quick
          palisade bench --runtime native,runsc --benchmark getpid,open-close,cpu
          palisade bench --repeat 10 --out bench-results/
          palisade bench --format json --output bench.json
        """;

    public static Command Create(CliConsole console, TimeProvider time)
    {
        var runtimes = new Option<string>("--runtime") { Description = "Comma-separated: native, runc, runsc (every available platform) or runsc:PLATFORM, kata.", DefaultValueFactory = _ => "native,runc,runsc" };
        var quick = new Option<bool>("--quick") { Description = "Smaller sizes and 3 repetitions: under a minute." };
        var repeat = new Option<int?>("--repeat") { Description = "Repetitions per benchmark and runtime (default 5, 3 with --quick)." };
        var benchmarks = new Option<string?>("--benchmark") { Description = $"Comma-separated subset of: {string.Join(", ", BenchmarkSpec.Defaults.Select(s => s.Name))}." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one run may take.", DefaultValueFactory = _ => 120 };
        var outDir = new Option<string?>("--out") { Description = "Also write bench.json, bench.html and bench.txt into this folder." };
        var common = new CommonOptions("text", "json", "html");
        var command = new Command("bench", "Measure what each runtime costs on this host (syscalls, files, network, CPU, start-up, memory) as ratios to native.")
        {
            runtimes, quick, repeat, benchmarks, timeout, outDir,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var isQuick = parse.GetValue(quick);
            var repetitions = parse.GetValue(repeat) ?? (isQuick ? 3 : 5);
            if (repetitions is < 1 or > 100)
            {
                throw new UsageException($"--repeat {repetitions}: give 1 to 100 repetitions");
            }

            var specs = Select(parse.GetValue(benchmarks), isQuick ? BenchmarkSpec.Quick : BenchmarkSpec.Defaults);
            var folder = parse.GetValue(outDir);
            var force = parse.GetValue(common.Force);
            if (folder is not null)
            {
                EnsureFolder(folder, force);
            }

            var output = parse.GetValue(common.Output);
            ReportSink.EnsureWritable(output, force, []);
            var requested = parse.GetValue(runtimes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            IProgress<string> log = new Progress<string>(m => console.Error.WriteLine($"palisade: {m}"));
            await RuntimeInstaller.EnsureAsync(log, cancel).ConfigureAwait(false);
            var inventory = await RuntimeProbe.ProbeAsync(cancel).ConfigureAwait(false);
            var host = BenchHost.Describe(inventory);
            var columns = Columns(requested, host);
            if (!columns.Any(c => c.Kind == RuntimeKind.Native))
            {
                log.Report("native is not among --runtime: no ratios to native");
            }

            foreach (var missing in host.Runtimes.Where(r => !r.Available && requested.Any(q => q.StartsWith(r.Runtime, StringComparison.Ordinal))))
            {
                log.Report($"not measured: {missing.Runtime}{(missing.Platform is null ? "" : $" ({missing.Platform})")}: {missing.Reason}");
            }

            if (requested.Contains("runsc") && !requested.Contains("runsc:kvm") && host.Runtimes.Any(r => r.Platform == "kvm" && r.Available))
            {
                log.Report("not measured: runsc (kvm): only with --runtime runsc:kvm (under nested virtualisation runsc's kvm sandbox can hang at exit)");
            }

            var total = specs.Count * columns.Count * repetitions;
            var options = new MicroBenchmarkOptions { Runtimes = columns, Repetitions = repetitions, Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)) };
            var results = await LiveProgress.RunAsync(console, LiveProgress.Quiet(parse), "bench", live =>
            {
                // Measured runs are counted; a warm-up belongs to the run that follows it.
                var done = 0;
                var progress = new Sink(m => live.Report(new ProgressUpdate(
                    m.StartsWith("warm-up", StringComparison.Ordinal) ? Volatile.Read(ref done) + 1 : Interlocked.Increment(ref done), total, m)));
                return MicroBenchmarks.RunAsync(specs, options, progress, cancel);
            }).ConfigureAwait(false);
            var method = new BenchReport.Method(repetitions, isQuick, time.GetUtcNow());
            if (repetitions >= 3 && inventory.BestRunscPlatform is { } best)
            {
                var costs = await CostTable.StoreIfCompleteAsync(results, host, best, null, cancel).ConfigureAwait(false);
                if (costs.StoredFile is { } stored)
                {
                    log.Report($"stored these figures as the cost table assess predicts overhead from: {stored}");
                }
                else if (costs.NoisyFigures.Count > 0)
                {
                    log.Report($"not stored as the cost table, too noisy to predict from: {string.Join(", ", costs.NoisyFigures)}; the stored table stays (run bench again when the machine is quieter)");
                }
            }

            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
                ReportSink.WriteFileAtomically(Path.Combine(folder, "bench.json"), s => BenchReport.Json(s, host, method, results));
                ReportSink.WriteFileAtomically(Path.Combine(folder, "bench.html"), s => s.Write(Encoding.UTF8.GetBytes(BenchReport.Html(host, method, results))));
                ReportSink.WriteFileAtomically(Path.Combine(folder, "bench.txt"), s => s.Write(Encoding.UTF8.GetBytes(BenchReport.Text(host, method, results))));
                log.Report($"wrote {Path.Combine(folder, "bench.json")}, bench.html and bench.txt");
            }

            switch (parse.GetValue(common.Format))
            {
                case "json":
                    await ReportSink.WriteAsync(output, console.Out, s => BenchReport.Json(s, host, method, results)).ConfigureAwait(false);
                    break;
                case "html":
                    await ReportSink.WriteAsync(output, console.Out, s => s.Write(Encoding.UTF8.GetBytes(BenchReport.Html(host, method, results)))).ConfigureAwait(false);
                    break;
                default:
                    await TerminalStyle.WriteTextAsync(console, output, w => w.Write(BenchReport.Text(host, method, results).TrimEnd('\n'))).ConfigureAwait(false);
                    break;
            }

            return results.SelectMany(r => r.Results).Any(s => s.Error is not null) ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    internal static List<BenchmarkSpec> Select(string? names, IReadOnlyList<BenchmarkSpec> all)
    {
        if (string.IsNullOrWhiteSpace(names))
        {
            return [.. all];
        }

        var wanted = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = wanted.Where(n => all.All(s => s.Name != n)).ToList();
        return unknown.Count > 0
            ? throw new UsageException($"--benchmark: unknown {string.Join(", ", unknown)}; known: {string.Join(", ", all.Select(s => s.Name))}")
            : [.. all.Where(s => wanted.Contains(s.Name))];
    }

    /// <summary>The columns to measure: runsc expands to every platform available here; kata and unavailable platforms are reported, not run.</summary>
    internal static List<BenchRuntime> Columns(IReadOnlyList<string> requested, BenchHost host)
    {
        var columns = new List<BenchRuntime>();
        foreach (var item in requested)
        {
            var (name, platform) = item.Split(':', 2) is [var n, var p] ? (n, p) : (item, null);
            switch (name)
            {
                case "native":
                    columns.Add(BenchRuntime.Native);
                    break;
                case "runc":
                    columns.Add(BenchRuntime.Runc);
                    break;
                case "runsc":
                    // Plain "runsc" leaves kvm out, as RuntimeProbe.DefaultPlatform does: it is measured only when asked for.
                    var platforms = host.Runtimes.Where(r => r.Runtime == "runsc" && r.Available && (platform is null ? r.Platform != "kvm" : r.Platform == platform)).ToList();
                    if (platform is not null && platforms.Count == 0)
                    {
                        var why = host.Runtimes.FirstOrDefault(r => r.Runtime == "runsc" && r.Platform == platform)?.Reason ?? "unknown platform (ptrace, systrap, kvm)";
                        throw new UsageException($"--runtime {item}: not available on this host: {why}");
                    }

                    columns.AddRange(platforms.Select(p => new BenchRuntime(RuntimeKind.Runsc, p.Platform)));
                    break;
                case "kata":
                    break;
                default:
                    throw new UsageException($"--runtime {item}: unknown runtime; use native, runc, runsc, runsc:PLATFORM or kata");
            }
        }

        return columns.Count == 0
            ? throw new UsageException($"--runtime {string.Join(',', requested)}: nothing that can run on this host ({BenchHost.KataUnavailable})")
            : columns.Distinct().ToList();
    }

    private static void EnsureFolder(string folder, bool force)
    {
        if (File.Exists(folder))
        {
            throw new UsageException($"{folder}: is a file; --out needs a folder");
        }

        if (Directory.Exists(folder) && !force)
        {
            var existing = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).ToList();
            var clash = existing.Where(n => BenchReport.Files.Contains(n)).ToList();
            if (clash.Count > 0)
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{folder}: already holds {string.Join(", ", clash)}; choose another --out or use --force"));
            }
        }
    }

    private sealed class Sink(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
