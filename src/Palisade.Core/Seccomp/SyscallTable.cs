using System.Collections.Frozen;
using System.Globalization;

namespace Palisade.Core.Seccomp;

/// <summary>
/// Syscall name/number table of one architecture, loaded once from an embedded <c>Tables/*.tbl</c> resource
/// (lines of <c>NUMBER NAME</c>; <c>#</c> starts a comment).
/// </summary>
public sealed class SyscallTable
{
    private static readonly Lazy<SyscallTable> X8664Table = new(() => Load(SeccompArchitectures.X8664, "x86_64"));
    private static readonly Lazy<SyscallTable> Aarch64Table = new(() => Load(SeccompArchitectures.Aarch64, "aarch64"));

    private readonly FrozenDictionary<string, int> _numbers;
    private readonly FrozenDictionary<int, string> _names;

    private SyscallTable(string architecture, Dictionary<string, int> numbers)
    {
        Architecture = architecture;
        _numbers = numbers.ToFrozenDictionary(StringComparer.Ordinal);
        _names = numbers.ToFrozenDictionary(p => p.Value, p => p.Key);
        Names = [.. numbers.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The native <c>SCMP_ARCH_*</c> name.</summary>
    public string Architecture { get; }

    /// <summary>Every syscall name, sorted (ordinal).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// The table for a host or <c>SCMP_ARCH_*</c> name; compat ABIs get their 64-bit host's table
    /// (<c>SCMP_ARCH_X86</c> gives x86_64). Null when Palisade has no table for the architecture.
    /// </summary>
    public static SyscallTable? For(string architecture) =>
        SeccompArchitectures.TableFamily(architecture) switch
        {
            SeccompArchitectures.X8664 => X8664Table.Value,
            SeccompArchitectures.Aarch64 => Aarch64Table.Value,
            _ => null,
        };

    public bool Contains(string name) => _numbers.ContainsKey(name);

    public bool TryGetNumber(string name, out int number) => _numbers.TryGetValue(name, out number);

    public bool TryGetName(int number, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? name) => _names.TryGetValue(number, out name);

    private static SyscallTable Load(string architecture, string resource)
    {
        var resourceName = $"Palisade.Core.Seccomp.Tables.{resource}.tbl";
        using var stream = typeof(SyscallTable).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded syscall table '{resourceName}' is missing from the build.");
        using var reader = new StreamReader(stream);
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }

            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var number = int.Parse(text.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture);
            numbers.Add(text[(space + 1)..].Trim(), number);
        }

        return new SyscallTable(architecture, numbers);
    }
}
