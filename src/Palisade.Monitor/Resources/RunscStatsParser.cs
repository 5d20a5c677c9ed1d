using System.Text;
using System.Text.Json;
using Palisade.Core.Monitoring;

namespace Palisade.Monitor.Resources;

/// <summary>
/// Reads the one JSON object <c>runsc events --stats ID</c> prints. The numbers come from the Sentry over the control
/// socket, so they are treated as hostile: bounded size and depth, wrong shapes and negative or non-numeric values give
/// null (counted by the caller), never an exception.
/// </summary>
internal static class RunscStatsParser
{
    public static SandboxUsage? Parse(string text, string containerId)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) > RunscOutput.MaxStdoutBytes)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "type") != "stats"
                || Text(root, "id") != containerId
                || !root.TryGetProperty("data", out var data)
                || data.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var cpuNs = Number(data, "cpu", "usage", "total");
            var (read, write) = Blkio(data);
            return new SandboxUsage(containerId)
            {
                CpuSeconds = cpuNs / 1e9,
                MemoryBytes = Number(data, "memory", "usage", "usage"),
                Pids = Number(data, "pids", "current"),
                IoReadBytes = read,
                IoWriteBytes = write,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        // runsc writes these as uint64; anything else (a string, a negative or fractional number) is not a reading.
        return element.ValueKind == JsonValueKind.Number && element.TryGetUInt64(out var value) ? value : null;
    }

    // runc's shape (cgroup v1 blkio, ioServiceBytesRecursive entries with op Read/Write). runsc 20221219 never fills
    // it (gVisor serves file I/O itself, through the gofer); read it anyway so a runsc that does is exported.
    private static (double? Read, double? Write) Blkio(JsonElement data)
    {
        if (!data.TryGetProperty("blkio", out var blkio) || blkio.ValueKind != JsonValueKind.Object
            || !blkio.TryGetProperty("ioServiceBytesRecursive", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            return (null, null);
        }

        double? read = null, write = null;
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || Number(entry, "value") is not { } value)
            {
                continue;
            }

            switch (Text(entry, "op")?.ToUpperInvariant())
            {
                case "READ":
                    read = (read ?? 0) + value;
                    break;
                case "WRITE":
                    write = (write ?? 0) + value;
                    break;
            }
        }

        return (read, write);
    }
}
