using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Palisade.Core.Syscalls;

/// <summary>
/// gVisor's own syscall support table for one architecture, read from <c>runsc help syscalls -format json</c>:
/// <c>{"linux":{"amd64":{"syscalls":{"0":{"name":"read","support":"Full Support","note":"..."}}}}}</c>.
/// Unknown fields are ignored; entries without a name are skipped.
/// </summary>
public sealed class GvisorCompatTable
{
    private readonly Dictionary<string, GvisorSyscallInfo> _byName;

    private GvisorCompatTable(string architecture, string? runscVersion, Dictionary<string, GvisorSyscallInfo> byName)
    {
        Architecture = architecture;
        RunscVersion = runscVersion;
        _byName = byName;
    }

    public string Architecture { get; }

    /// <summary>The runsc release the table came from (e.g. <c>20221219</c>), when the caller knows it.</summary>
    public string? RunscVersion { get; }

    public int Count => _byName.Count;

    public IEnumerable<GvisorSyscallInfo> Syscalls => _byName.Values.OrderBy(s => s.Number);

    public static GvisorCompatTable Empty(string architecture = "amd64", string? runscVersion = null) =>
        new(architecture, runscVersion, new Dictionary<string, GvisorSyscallInfo>(StringComparer.Ordinal));

    /// <summary>Reads the table; false with a one-line <paramref name="error"/> when the JSON is unreadable or lacks the architecture.</summary>
    public static bool TryParse(
        string json,
        string architecture,
        string? runscVersion,
        [NotNullWhen(true)] out GvisorCompatTable? table,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(architecture);
        table = null;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (!TryGetObject(document.RootElement, "linux", out var linux)
                || !TryGetObject(linux, architecture, out var arch)
                || !TryGetObject(arch, "syscalls", out var syscalls))
            {
                error = $"no linux.{architecture}.syscalls object in the syscall table";
                return false;
            }

            var byName = new Dictionary<string, GvisorSyscallInfo>(StringComparer.Ordinal);
            foreach (var entry in syscalls.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Object
                    || !int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    || !TryGetString(entry.Value, "name", out var name)
                    || name.Length == 0)
                {
                    continue;
                }

                TryGetString(entry.Value, "support", out var support);
                TryGetString(entry.Value, "note", out var note);
                byName.TryAdd(name, new GvisorSyscallInfo(name, number, ParseSupport(support), note));
            }

            table = new GvisorCompatTable(architecture, runscVersion, byName);
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            error = $"the syscall table is not valid JSON: {e.Message}";
            return false;
        }
    }

    public bool TryGet(string name, [NotNullWhen(true)] out GvisorSyscallInfo? info) =>
        _byName.TryGetValue(name, out info);

    public SyscallSupport SupportOf(string name) =>
        _byName.TryGetValue(name, out var info) ? info.Support : SyscallSupport.Unknown;

    /// <summary>Maps runsc's wording ("Full Support", "Partial Support", "Unimplemented") to a level.</summary>
    internal static SyscallSupport ParseSupport(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.StartsWith("Full", StringComparison.OrdinalIgnoreCase))
        {
            return SyscallSupport.Full;
        }

        if (trimmed.StartsWith("Partial", StringComparison.OrdinalIgnoreCase))
        {
            return SyscallSupport.Partial;
        }

        if (trimmed.StartsWith("Unimplemented", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("Unsupported", StringComparison.OrdinalIgnoreCase))
        {
            return SyscallSupport.Unimplemented;
        }

        return SyscallSupport.Unknown;
    }

    private static bool TryGetObject(JsonElement parent, string name, out JsonElement value)
    {
        value = default;
        return parent.ValueKind == JsonValueKind.Object
            && parent.TryGetProperty(name, out value)
            && value.ValueKind == JsonValueKind.Object;
    }

    private static bool TryGetString(JsonElement parent, string name, out string value)
    {
        if (parent.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString() ?? "";
            return true;
        }

        value = "";
        return false;
    }
}
