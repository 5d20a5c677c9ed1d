using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Palisade.Core.Assessment;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Bench;

/// <summary>
/// The per-syscall-class costs <see cref="OverheadModel"/> needs, measured with the micro-benchmarks under native,
/// runc and runsc (best platform) and stored as JSON in the cache folder, keyed by the host fingerprint (kernel, CPU,
/// runc and runsc versions): measured once, reused until one of those changes, or until a complete
/// <c>palisade bench</c> run replaces it with its own figures.
/// </summary>
public static class CostTable
{
    /// <summary>The benchmarks the model reads, at <c>--quick</c> sizes, and how many syscalls one of their operations makes.</summary>
    private static readonly (string Benchmark, string Class, double SyscallsPerOp, double NsPerUnit)[] Sources =
    [
        ("getpid", OverheadModel.Trap, 1, 1),
        ("open-close", OverheadModel.File, 3, 1),
        ("mmap", OverheadModel.Memory, 2, 1),
        ("pipe", OverheadModel.Wait, 4, 1),
        ("fork", OverheadModel.Process, 1, 1000),
        ("tcp-latency", OverheadModel.Network, 4, 1000),
    ];

    /// <summary>Returns the stored table for this host, or measures (about a minute) and stores it.</summary>
    /// <param name="cacheDirectory">Where tables are stored; <c>SandboxPaths.CacheDirectory/bench</c> when null.</param>
    public static async Task<(SyscallCosts Costs, string File, bool Measured)> GetAsync(
        string? cacheDirectory, IProgress<string>? progress, CancellationToken ct)
    {
        var inventory = await RuntimeProbe.ProbeAsync(ct).ConfigureAwait(false);
        var host = BenchHost.Describe(inventory);
        var platform = inventory.BestRunscPlatform ?? "ptrace";
        var folder = cacheDirectory ?? Path.Combine(SandboxPaths.CacheDirectory, "bench");
        var file = FileFor(folder, host, platform);
        if (File.Exists(file) && TryRead(await File.ReadAllBytesAsync(file, ct).ConfigureAwait(false)) is { } cached)
        {
            return (cached, file, false);
        }

        progress?.Report($"measuring per-syscall costs on this host (once; stored in {file})...");
        var specs = BenchmarkSpec.Quick.Where(s => Needed.Contains(s.Name)).ToList();
        var options = new MicroBenchmarkOptions { Runtimes = [BenchRuntime.Native, BenchRuntime.Runc, new(RuntimeKind.Runsc, platform)], Repetitions = 5, CacheDirectory = folder };
        var results = (await MicroBenchmarks.RunAsync(specs, options, progress, ct).ConfigureAwait(false)).ToList();
        var noisy = NoisyFigures(results, platform);
        for (var attempt = 0; attempt < ReMeasurements && noisy.Count > 0; attempt++)
        {
            progress?.Report($"measuring again, too noisy to store: {string.Join(", ", noisy)}");
            var again = await MicroBenchmarks.RunAsync([.. specs.Where(s => results.Any(r => r.Name == s.Name && IsNoisy(r, platform)))], options, progress, ct).ConfigureAwait(false);
            results = [.. results.Select(r => again.FirstOrDefault(a => a.Name == r.Name) is { } next && WorstSpread(next, platform) < WorstSpread(r, platform) ? next : r)];
            noisy = NoisyFigures(results, platform);
        }

        var costs = FromResults(results, platform);
        if (noisy.Count > 0)
        {
            // Predicting from them once is better than no prediction; storing them would make every later one as unsure.
            progress?.Report($"not stored as the cost table (still too noisy after {ReMeasurements} more tries: {string.Join(", ", noisy)}); this prediction uses them, the next assess measures again");
            return (costs, file, true);
        }

        await WriteAsync(file, costs, host, ct).ConfigureAwait(false);
        return (costs, file, true);
    }

    /// <summary>
    /// Stores a table from a <c>bench</c> run that measured every benchmark the model needs under runc and runsc on
    /// <paramref name="platform"/> without failures, each figure within <see cref="RuntimeStat.MaxTrustedSpread"/>,
    /// replacing the stored one. A run that does not cover them, or has noisy figures among them, stores nothing.
    /// </summary>
    public static async Task<CostTableOutcome> StoreIfCompleteAsync(
        IReadOnlyList<BenchmarkResult> results, BenchHost host, string platform, string? cacheDirectory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(host);
        var complete = Needed.All(name => results.FirstOrDefault(r => r.Name == name) is { } result
            && result.Results.Any(s => s.Runtime == "runc" && s.Error is null)
            && result.Results.Any(s => s.Runtime == "runsc" && s.Platform == platform && s.Error is null));
        if (!complete)
        {
            return new CostTableOutcome(null, []);
        }

        if (NoisyFigures(results, platform) is { Count: > 0 } noisy)
        {
            return new CostTableOutcome(null, noisy);
        }

        var runscOnPlatform = results
            .Select(r => r with { Results = [.. r.Results.Where(s => s.Runtime != "runsc" || s.Platform == platform)] })
            .ToList();
        var file = FileFor(cacheDirectory ?? Path.Combine(SandboxPaths.CacheDirectory, "bench"), host, platform);
        await WriteAsync(file, FromResults(runscOnPlatform, platform), host, ct).ConfigureAwait(false);
        return new CostTableOutcome(file, []);
    }

    /// <summary>
    /// The figures the model reads (runc and runsc on <paramref name="platform"/>) whose repetitions disagree by more
    /// than <see cref="RuntimeStat.MaxTrustedSpread"/>, as "benchmark runtime ±spread".
    /// </summary>
    public static IReadOnlyList<string> NoisyFigures(IReadOnlyList<BenchmarkResult> results, string platform)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. results.Where(r => Needed.Contains(r.Name))
            .SelectMany(r => ModelFigures(r, platform).Where(s => s.TooNoisy).Select(s => string.Create(CultureInfo.InvariantCulture, $"{r.Name} {s.Runtime} ±{s.Spread * 100:F0}%")))];
    }

    /// <summary>How many times <see cref="GetAsync"/> measures noisy benchmarks again before giving up on storing them.</summary>
    private const int ReMeasurements = 2;

    private static IEnumerable<RuntimeStat> ModelFigures(BenchmarkResult result, string platform) =>
        result.Results.Where(s => s.Error is null && (s.Runtime == "runc" || (s.Runtime == "runsc" && s.Platform == platform)));

    private static bool IsNoisy(BenchmarkResult result, string platform) => Needed.Contains(result.Name) && ModelFigures(result, platform).Any(s => s.TooNoisy);

    private static double WorstSpread(BenchmarkResult result, string platform) => ModelFigures(result, platform).Select(s => s.Spread).DefaultIfEmpty(double.PositiveInfinity).Max();

    private static IEnumerable<string> Needed => Sources.Select(s => s.Benchmark).Concat(["exec", "startup"]);

    private static string FileFor(string folder, BenchHost host, string platform)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(host.Fingerprint + "|" + platform)))[..16];
        return Path.Combine(folder, $"costs-{key}.json");
    }

    private static async Task WriteAsync(string file, SyscallCosts costs, BenchHost host, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temporary = file + ".tmp";
        await File.WriteAllBytesAsync(temporary, Serialize(costs, host), ct).ConfigureAwait(false);
        File.Move(temporary, file, overwrite: true);
    }

    /// <summary>Turns benchmark medians into extra ns per syscall under runsc compared with runc.</summary>
    public static SyscallCosts FromResults(IReadOnlyList<BenchmarkResult> results, string platform)
    {
        ArgumentNullException.ThrowIfNull(results);
        double Median(string benchmark, string runtime)
        {
            var stat = results.FirstOrDefault(r => r.Name == benchmark)?.Results.FirstOrDefault(s => s.Runtime == runtime);
            return stat is null || double.IsNaN(stat.Median)
                ? throw new InvalidOperationException($"the {benchmark} benchmark failed under {runtime}: {stat?.Error ?? "not run"}")
                : stat.Median;
        }

        var extra = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (benchmark, cls, perOp, nsPerUnit) in Sources)
        {
            extra[cls] = (Median(benchmark, "runsc") - Median(benchmark, "runc")) * nsPerUnit / perOp;
        }

        // One fork op (clone, the child's exit, wait4) is charged to the clone; exec = fork + execve, so execve adds the difference.
        var execExtra = (Median("exec", "runsc") - Median("exec", "runc")) * 1000;
        extra[OverheadModel.Exec] = execExtra - extra[OverheadModel.Process];
        return new SyscallCosts(platform, Median("startup", "runc"), Median("startup", "runsc"), extra);
    }

    private static byte[] Serialize(SyscallCosts costs, BenchHost host)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("host", host.Fingerprint);
            w.WriteString("measuredAt", TimeProvider.System.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("platform", costs.Platform);
            w.WriteNumber("runcStartupMs", costs.RuncStartupMs);
            w.WriteNumber("runscStartupMs", costs.RunscStartupMs);
            w.WriteStartObject("extraNsPerSyscall");
            foreach (var (cls, ns) in costs.ExtraNsByClass)
            {
                w.WriteNumber(cls, Math.Round(ns, 1));
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Reads a stored table; null when it is unreadable or lacks a class (then it is measured again).</summary>
    internal static SyscallCosts? TryRead(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var extra = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var property in root.GetProperty("extraNsPerSyscall").EnumerateObject())
            {
                extra[property.Name] = property.Value.GetDouble();
            }

            return OverheadModel.Classes.All(extra.ContainsKey)
                ? new SyscallCosts(root.GetProperty("platform").GetString()!, root.GetProperty("runcStartupMs").GetDouble(), root.GetProperty("runscStartupMs").GetDouble(), extra)
                : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
