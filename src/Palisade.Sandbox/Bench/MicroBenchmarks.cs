using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Palisade.Sandbox.Images;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Bench;

/// <summary>
/// Runs the static <c>microbench</c> program natively, under runc and under runsc, and compares what it measures
/// inside itself (container start-up is excluded). The program is compiled once; one host-command bundle holds it,
/// and each benchmark gets its own config.json pointing at that bundle's rootfs, since a bundle's args are fixed.
/// Containers run the copy at <c>/microbench</c>: the program's host path may lie under /tmp, which the
/// container covers with a tmpfs. File benchmarks write to one host folder, bind-mounted at <c>/bench-data</c> in
/// containers, so every runtime reaches the same disk (gVisor through its gofer). <c>startup</c> and <c>memory</c>
/// are measured from outside: the run's wall time, and the highest summed PSS of its processes (shared pages once).
/// </summary>
public static class MicroBenchmarks
{
    private const string SourceResource = "Palisade.Sandbox.Bench.Programs.microbench.c";
    private const string ContainerProgram = "/microbench";
    private const string ContainerData = "/bench-data";

    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["getpid"] = "ns/op",
        ["open-close"] = "ns/op",
        ["file-write"] = "MiB/s",
        ["file-read"] = "MiB/s",
        ["pipe"] = "ns/op",
        ["mmap"] = "ns/op",
        ["fork"] = "us/op",
        ["exec"] = "us/op",
        ["tcp-throughput"] = "MiB/s",
        ["tcp-latency"] = "us/op",
        ["cpu"] = "ms",
        ["startup"] = "ms",
        ["memory"] = "MiB",
    };

    /// <summary>The benchmark names the program knows.</summary>
    public static IReadOnlyCollection<string> Names => Units.Keys;

    public static async Task<IReadOnlyList<BenchmarkResult>> RunAsync(
        IReadOnlyList<BenchmarkSpec> benchmarks, MicroBenchmarkOptions options, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(benchmarks);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var spec in benchmarks)
        {
            if (!Units.ContainsKey(spec.Name) || spec.Iterations <= 0)
            {
                throw new ArgumentException($"unknown benchmark '{spec.Name}' or iterations {spec.Iterations} not positive; known: {string.Join(", ", Names)}", nameof(benchmarks));
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.Repetitions, 1);
        var cache = options.CacheDirectory ?? Path.Combine(SandboxPaths.CacheDirectory, "bench");
        var program = await StaticProgramCompiler.CompileAsync(ReadSource(), cache, ct).ConfigureAwait(false);
        var bundleOptions = BundleOptions.Default with { WorkDirectory = options.WorkDirectory };
        await using var bundle = await BundleBuilder.PrepareAsync(TargetSpec.HostCommand([program]), bundleOptions, ct).ConfigureAwait(false);
        File.Copy(program, Path.Combine(bundle.RootfsPath, ContainerProgram.TrimStart('/')), overwrite: true);
        var configs = options.WorkDirectory is { } work
            ? Directory.CreateDirectory(Path.Combine(work, "palisade-bench-" + Guid.NewGuid().ToString("N")[..8]))
            : Directory.CreateTempSubdirectory("palisade-bench-");
        try
        {
            var data = Directory.CreateDirectory(Path.Combine(configs.FullName, "data")).FullName;
            var template = JsonNode.Parse(await File.ReadAllTextAsync(bundle.ConfigPath, ct).ConfigureAwait(false))!.AsObject();
            var runner = new BundleRunner();
            await WarmUpAsync(runner, template, bundle.RootfsPath, program, data, configs.FullName, options, progress, ct).ConfigureAwait(false);
            var results = new List<BenchmarkResult>();
            foreach (var spec in benchmarks)
            {
                var directory = Path.Combine(configs.FullName, spec.Name);
                var native = await WriteConfigAsync(template, bundle.RootfsPath, [program, spec.Name, Count(spec), data], null, Path.Combine(directory, "native"), ct).ConfigureAwait(false);
                var container = await WriteConfigAsync(template, bundle.RootfsPath, [ContainerProgram, spec.Name, Count(spec), ContainerData], data, Path.Combine(directory, "container"), ct).ConfigureAwait(false);
                results.Add(await MeasureAsync(runner, native, container, spec, options, progress, ct).ConfigureAwait(false));
            }

            return results;
        }
        finally
        {
            TempDirectory.TryDelete(configs.FullName);
        }
    }

    private static string Count(BenchmarkSpec spec) => spec.Iterations.ToString(CultureInfo.InvariantCulture);

    /// <summary>One discarded start-up run per runtime, so the first measured run does not pay for cold caches.</summary>
    private static async Task WarmUpAsync(
        BundleRunner runner, JsonObject template, string rootfs, string program, string data, string configs, MicroBenchmarkOptions options, IProgress<string>? progress, CancellationToken ct)
    {
        var native = await WriteConfigAsync(template, rootfs, [program, "startup", "1", data], null, Path.Combine(configs, "warm-up", "native"), ct).ConfigureAwait(false);
        var container = await WriteConfigAsync(template, rootfs, [ContainerProgram, "startup", "1", ContainerData], data, Path.Combine(configs, "warm-up", "container"), ct).ConfigureAwait(false);
        foreach (var runtime in options.Runtimes)
        {
            progress?.Report($"warm-up {runtime}");
            var run = await runner.RunAsync(runtime.Kind == RuntimeKind.Native ? native : container, runtime.Kind, RunOptionsFor(runtime, options), ct).ConfigureAwait(false);
            if (run.ExitCode != 0)
            {
                progress?.Report($"warm-up {runtime} failed ({(run.TimedOut ? "timed out" : $"exit {run.ExitCode}")}): {run.Stderr.Trim().ReplaceLineEndings(" ")}");
            }
        }
    }

    private static RunOptions RunOptionsFor(BenchRuntime runtime, MicroBenchmarkOptions options) =>
        new(options.Timeout, CaptureSyscalls: false, runtime.Platform);

    /// <summary>
    /// A config for one benchmark: its arguments; in containers, the data folder bind-mounted and CAP_NET_ADMIN
    /// (runc gives the container a fresh network namespace whose loopback is down until the program brings it up).
    /// </summary>
    private static async Task<string> WriteConfigAsync(
        JsonObject template, string rootfs, IReadOnlyList<string> args, string? dataMount, string directory, CancellationToken ct)
    {
        var config = template.DeepClone().AsObject();
        config["root"] = new JsonObject { ["path"] = rootfs, ["readonly"] = template["root"]?["readonly"]?.DeepClone() ?? true };
        var process = config["process"] as JsonObject ?? new JsonObject();
        process["args"] = new JsonArray(args.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
        config["process"] = process;
        if (dataMount is not null)
        {
            var mounts = config["mounts"] as JsonArray ?? [];
            mounts.Add(new JsonObject
            {
                ["destination"] = ContainerData,
                ["type"] = "bind",
                ["source"] = dataMount,
                ["options"] = new JsonArray("rbind", "rw"),
            });
            config["mounts"] = mounts;
            if (process["capabilities"] is JsonObject capabilities)
            {
                foreach (var (_, set) in capabilities)
                {
                    (set as JsonArray)?.Add("CAP_NET_ADMIN");
                }
            }
        }

        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "config.json"), config.ToJsonString(), ct).ConfigureAwait(false);
        return directory;
    }

    private static async Task<BenchmarkResult> MeasureAsync(
        BundleRunner runner, string nativeBundle, string containerBundle, BenchmarkSpec spec, MicroBenchmarkOptions options, IProgress<string>? progress, CancellationToken ct)
    {
        var runtimes = options.Runtimes;
        var values = runtimes.Select(_ => new List<double>()).ToArray();
        var errors = new string?[runtimes.Count];
        var platforms = new string?[runtimes.Count];
        for (var repetition = 1; repetition <= options.Repetitions; repetition++)
        {
            // Interleaved (r1: native, runc, runsc; r2: ...) so a slow phase of the machine is shared by every runtime.
            for (var i = 0; i < runtimes.Count; i++)
            {
                progress?.Report($"{spec.Name} {runtimes[i]} {repetition}/{options.Repetitions}");
                var bundle = runtimes[i].Kind == RuntimeKind.Native ? nativeBundle : containerBundle;
                var run = await runner.RunAsync(bundle, runtimes[i].Kind, RunOptionsFor(runtimes[i], options), ct).ConfigureAwait(false);
                platforms[i] = run.Platform;
                if (TryParse(run, spec.Name, out var value, out var error))
                {
                    values[i].Add(value);
                }
                else
                {
                    errors[i] ??= error;
                }
            }
        }

        var nativeIndex = runtimes.ToList().FindIndex(r => r.Kind == RuntimeKind.Native);
        var nativeMedian = nativeIndex >= 0 ? Median(values[nativeIndex]) : double.NaN;
        var stats = runtimes.Select((runtime, i) =>
        {
            var median = Median(values[i]);
            return new RuntimeStat(
                runtime.Name,
                platforms[i],
                median,
                values[i].Count > 0 ? values[i].Min() : double.NaN,
                values[i].Count > 0 ? values[i].Max() : double.NaN,
                median / nativeMedian,
                errors[i]);
        }).ToList();
        return new BenchmarkResult(spec.Name, Units[spec.Name], stats);
    }

    /// <summary>
    /// Reads the program's one line, <c>NAME VALUE UNIT</c>; anything else is a failed repetition. For <c>startup</c>
    /// the value is the run's wall time in ms, for <c>memory</c> its processes' highest summed PSS in MiB.
    /// </summary>
    internal static bool TryParse(RunResult run, string name, out double value, out string? error)
    {
        value = double.NaN;
        if (run.TimedOut || run.ExitCode != 0)
        {
            var reason = run.TimedOut ? "timed out" : $"exit code {run.ExitCode}";
            error = $"{reason}: {run.Stderr.Trim().ReplaceLineEndings(" ")}";
            return false;
        }

        var fields = run.Stdout.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 3 && fields[0] == name
            && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            error = null;
            switch (name)
            {
                case "startup":
                    value = run.WallTime.TotalMilliseconds;
                    break;
                case "memory" when run.PeakProportionalBytes is { } bytes:
                    value = bytes / 1048576.0;
                    break;
                case "memory":
                    error = "the run ended before its memory was sampled";
                    return false;
            }

            return true;
        }

        error = $"unexpected output: '{run.Stdout.Trim()}'";
        return false;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string ReadSource()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(SourceResource)
            ?? throw new InvalidOperationException($"embedded resource {SourceResource} missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
