using System.Globalization;
using System.Text.Json;

namespace Palisade.Core.Manifests;

internal enum ScalarKind
{
    String,
    Null,
    Bool,
    Int,
    UInt,
    Float,
}

/// <summary>A plain scalar typed the way go-yaml v2 (and so sigs.k8s.io/yaml, kubectl, the API server) types it.</summary>
internal readonly record struct ResolvedScalar(ScalarKind Kind, bool Bool = false, long Int = 0, ulong UInt = 0, double Float = 0)
{
    public void Write(Utf8JsonWriter writer, string text)
    {
        switch (Kind)
        {
            case ScalarKind.Null:
                writer.WriteNullValue();
                break;
            case ScalarKind.Bool:
                writer.WriteBooleanValue(Bool);
                break;
            case ScalarKind.Int:
                writer.WriteNumberValue(Int);
                break;
            case ScalarKind.UInt:
                writer.WriteNumberValue(UInt);
                break;
            case ScalarKind.Float:
                writer.WriteNumberValue(Float);
                break;
            default:
                writer.WriteStringValue(text);
                break;
        }
    }

    /// <summary>A map key as sigs.k8s.io/yaml writes it into JSON (<c>yes:</c> becomes <c>"true"</c>, <c>0x10:</c> becomes <c>"16"</c>).</summary>
    public string ToKey(string text) => Kind switch
    {
        ScalarKind.Bool => Bool ? "true" : "false",
        ScalarKind.Int => Int.ToString(CultureInfo.InvariantCulture),
        ScalarKind.UInt => UInt.ToString(CultureInfo.InvariantCulture),
        ScalarKind.Float => Float.ToString("R", CultureInfo.InvariantCulture),
        ScalarKind.Null => "null",
        _ => text,
    };
}

/// <summary>
/// YAML 1.1 plain-scalar typing as go-yaml v2 does it: the yes/no/on/off/y/n booleans, <c>~</c> and <c>null</c>,
/// integers through Go's <c>strconv.ParseInt(s, 0, 64)</c> (0x hex, 0o and leading-zero octal, 0b binary,
/// underscores ignored), then unsigned, then YAML-style floats. Everything else stays a string. Timestamps stay
/// strings, as go-yaml v2 leaves them when decoding into an untyped value. NaN and infinities have no JSON form, so
/// they stay strings too.
/// </summary>
internal static class YamlScalarResolver
{
    private static readonly ResolvedScalar StringResult = new(ScalarKind.String);
    private static readonly ResolvedScalar NullResult = new(ScalarKind.Null);
    private static readonly ResolvedScalar TrueResult = new(ScalarKind.Bool, Bool: true);
    private static readonly ResolvedScalar FalseResult = new(ScalarKind.Bool, Bool: false);

    public static ResolvedScalar Resolve(string s)
    {
        if (s.Length == 0)
        {
            return NullResult;
        }

        var c = s[0];
        switch (c)
        {
            case 'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~':
                return ResolveWord(s);
            case '.':
                return IsYamlFloat(s) && TryFloat(s, out var f) ? new(ScalarKind.Float, Float: f) : StringResult;
            case '+' or '-' or (>= '0' and <= '9'):
                return ResolveNumber(s);
            default:
                return StringResult;
        }
    }

    private static ResolvedScalar ResolveWord(string s) => s switch
    {
        "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON" => TrueResult,
        "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF" => FalseResult,
        "~" or "null" or "Null" or "NULL" => NullResult,
        _ => StringResult,
    };

    private static ResolvedScalar ResolveNumber(string s)
    {
        var plain = s.Contains('_', StringComparison.Ordinal) ? s.Replace("_", "", StringComparison.Ordinal) : s;
        if (TryGoParseInt(plain, out var negative, out var magnitude))
        {
            if (!negative && magnitude <= long.MaxValue)
            {
                return new(ScalarKind.Int, Int: (long)magnitude);
            }

            if (negative && magnitude <= (ulong)long.MaxValue + 1)
            {
                return new(ScalarKind.Int, Int: magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude);
            }

            if (!negative && plain[0] != '+')
            {
                return new(ScalarKind.UInt, UInt: magnitude);
            }
        }

        return IsYamlFloat(plain) && TryFloat(plain, out var f) ? new(ScalarKind.Float, Float: f) : StringResult;
    }

    private static bool TryFloat(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Go's ParseInt with base 0, returning sign and magnitude (false on syntax error or uint64 overflow).</summary>
    private static bool TryGoParseInt(string s, out bool negative, out ulong magnitude)
    {
        negative = false;
        magnitude = 0;
        var i = 0;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            i = 1;
        }

        if (i >= s.Length)
        {
            return false;
        }

        uint radix = 10;
        if (s[i] == '0' && i + 1 < s.Length)
        {
            var p = (char)(s[i + 1] | 0x20);
            if (s.Length - i >= 3 && p == 'x')
            {
                radix = 16;
                i += 2;
            }
            else if (s.Length - i >= 3 && p == 'o')
            {
                radix = 8;
                i += 2;
            }
            else if (s.Length - i >= 3 && p == 'b')
            {
                radix = 2;
                i += 2;
            }
            else
            {
                radix = 8;
                i += 1;
            }
        }

        for (; i < s.Length; i++)
        {
            var ch = s[i];
            uint digit = ch switch
            {
                >= '0' and <= '9' => (uint)(ch - '0'),
                >= 'a' and <= 'z' => (uint)(ch - 'a' + 10),
                >= 'A' and <= 'Z' => (uint)(ch - 'A' + 10),
                _ => uint.MaxValue,
            };
            if (digit >= radix)
            {
                return false;
            }

            if (magnitude > (ulong.MaxValue - digit) / radix)
            {
                return false;
            }

            magnitude = (magnitude * radix) + digit;
        }

        return true;
    }

    /// <summary>go-yaml's <c>^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$</c>, by hand.</summary>
    private static bool IsYamlFloat(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            var start = i;
            i = SkipDigits(s, i);
            if (i == start)
            {
                return false;
            }
        }
        else
        {
            var start = i;
            i = SkipDigits(s, i);
            if (i == start)
            {
                return false;
            }

            if (i < s.Length && s[i] == '.')
            {
                i = SkipDigits(s, i + 1);
            }
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }

            var start = i;
            i = SkipDigits(s, i);
            if (i == start)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    private static int SkipDigits(string s, int i)
    {
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        return i;
    }
}
