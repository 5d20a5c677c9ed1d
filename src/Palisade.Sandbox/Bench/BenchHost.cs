using System.Globalization;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Bench;

/// <summary>The machine a benchmark ran on, and which runtimes (and runsc platforms) it could and could not measure.</summary>
/// <param name="Hostname">The host name.</param>
/// <param name="Kernel">Kernel release (uname -r).</param>
/// <param name="Cpu">CPU model name from /proc/cpuinfo.</param>
/// <param name="Cores">Logical processors.</param>
/// <param name="MemoryMiB">Total memory.</param>
/// <param name="Runc">runc's version line, or null when missing.</param>
/// <param name="Runsc">runsc's version line, or null when missing.</param>
/// <param name="Runtimes">Every runtime and platform considered, with whether it could run here and why (not).</param>
public sealed record BenchHost(string Hostname, string Kernel, string Cpu, int Cores, long MemoryMiB, string? Runc, string? Runsc, IReadOnlyList<RuntimeAvailability> Runtimes)
{
    /// <summary>Kata needs a VM per pod: no KVM device and no Debian package here.</summary>
    public const string KataUnavailable = "Kata Containers cannot run on this host: it needs /dev/kvm and the Kata runtime, which is not packaged for this machine; not measured";

    /// <summary>A key that changes when the results of a benchmark could: kernel, CPU, cores and runtime versions.</summary>
    public string Fingerprint => string.Join('|', Hostname, Kernel, Cpu, Cores.ToString(CultureInfo.InvariantCulture), Runc, Runsc);

    /// <summary>Describes this host from <paramref name="inventory"/> and /proc.</summary>
    public static BenchHost Describe(RuntimeInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var runtimes = new List<RuntimeAvailability>
        {
            new("native", null, true, "the program runs directly on the host: the baseline"),
            inventory.Runc is null
                ? new("runc", null, false, "runc is not installed (apt-get install -y runc)")
                : new("runc", null, true, inventory.Runc.Version ?? "installed"),
        };
        runtimes.AddRange(inventory.Runsc is null
            ? [new RuntimeAvailability("runsc", null, false, "runsc is not installed (apt-get install -y runsc)")]
            : inventory.RunscPlatforms.Select(p => new RuntimeAvailability("runsc", p.Name, p.Available, p.Reason)));
        runtimes.Add(new("kata", null, false, KataUnavailable));
        return new BenchHost(
            Environment.MachineName,
            ReadFirstLine("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.VersionString,
            CpuModel() ?? "unknown",
            Environment.ProcessorCount,
            TotalMemoryMiB(),
            inventory.Runc?.Version,
            inventory.Runsc?.Version,
            runtimes);
    }

    private static string? ReadFirstLine(string path) => File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() : null;

    private static string? CpuModel() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo")
            .Where(l => l.StartsWith("model name", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault()
        : null;

    private static long TotalMemoryMiB()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        var kib = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var value, ..] && long.TryParse(value, CultureInfo.InvariantCulture, out var k) ? k : 0;
        return kib / 1024;
    }
}
