using System.Text;
using System.Text.RegularExpressions;

namespace Palisade.Cli.Tests.Fuzz;

/// <summary>
/// A seeded generator of structured-but-broken inputs: each case is a valid seed with one mutation (six cases in ten) or two or three
/// (truncation, deep nesting, huge strings, wrong types, control characters, invalid UTF-8, duplicate keys, NaN and
/// huge numbers, byte flips, splices). The same seed gives the same cases, so a failure names a case that reproduces.
/// </summary>
internal sealed partial class Mutator(int seed, IReadOnlyList<string> seeds)
{
    private static readonly string[] WrongTypes = ["null", "[]", "{}", "[[[]]]", "123", "-1", "true", "\"\"", "0.5", "[1,\"a\",null]", "{\"a\":{}}"];
    private static readonly string[] Numbers = ["NaN", "-NaN", "Infinity", "-Infinity", ".nan", ".inf", "1e999", "-1e999", "99999999999999999999999999", "-9223372036854775809", "18446744073709551616", "0x7fffffffffffffff", "1.7976931348623157e309", "-0", "1e-400", "00012"];
    private static readonly string[] Controls = ["\u001b[31m", "\u001b]0;pwned\u0007", "\0", "\r", "\u0007", "\u0085", "\u2028", "\u202e", "\ufeff", "\t\t", "\u001b[2J"];
    /// <summary>Control characters written as escapes, valid in JSON and YAML double-quoted strings: they reach names and messages.</summary>
    private static readonly string[] EscapedControls = ["\"x\\u001b[31mred\\u001b]0;title\\u0007\"", "\"a\\u0000b\"", "\"\\u009b2J\\r\\u007f\"", "\"line\\nbreak\\u2028\""];
    private static readonly byte[][] BadUtf8 = [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0xe2, 0x82], [0xfe, 0xff], [0x80]];

    private readonly Random random = new(seed);

    public int Seed => seed;

    /// <summary>The next case: bytes to write, and a short description of what was done (for a failure message).</summary>
    public (byte[] Bytes, string What) Next()
    {
        var text = seeds[random.Next(seeds.Count)];
        var what = new List<string>();
        var count = random.Next(10) < 6 ? 1 : 2 + random.Next(2);
        byte[]? bytes = null;
        for (var i = 0; i < count; i++)
        {
            var op = random.Next(11);
            if (bytes is not null && op < 9)
            {
                op = 9 + random.Next(2); // Once the text is bytes, only byte-level mutations apply.
            }

            switch (op)
            {
                case 0: text = Truncate(text); what.Add("truncate"); break;
                case 1: text = Nest(text); what.Add("nest"); break;
                case 2: text = HugeString(text); what.Add("huge-string"); break;
                case 3: text = ReplaceToken(text, Pick(WrongTypes)); what.Add("wrong-type"); break;
                case 4: text = InsertAt(text, Pick(Controls)); what.Add("control"); break;
                case 5: text = DuplicateLine(text); what.Add("duplicate-key"); break;
                case 6: text = ReplaceNumber(text); what.Add("number"); break;
                case 7: text = Splice(text); what.Add("splice"); break;
                case 8: text = ReplaceToken(text, random.Next(2) == 0 ? Pick(EscapedControls) : Pick(Controls) + "x" + Pick(Controls)); what.Add("control-in-value"); break;
                case 9: bytes = InvalidUtf8(bytes ?? Encoding.UTF8.GetBytes(text)); what.Add("invalid-utf8"); break;
                default: bytes = Flip(bytes ?? Encoding.UTF8.GetBytes(text)); what.Add("byte-flip"); break;
            }
        }

        return (bytes ?? Encoding.UTF8.GetBytes(text), string.Join('+', what));
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private string Truncate(string text) => text.Length == 0 ? text : text[..random.Next(text.Length)];

    /// <summary>A value wrapped in thousands of lists or maps, JSON flow style (also valid YAML flow).</summary>
    private string Nest(string text)
    {
        var depth = Pick(new[] { 70, 200, 1000, 5000, 20000 });
        var map = random.Next(2) == 0;
        var open = map ? "{\"a\":" : "[";
        var close = map ? "}" : "]";
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, random.Next(4) == 0 ? depth / 2 : depth));
        return ReplaceToken(text, nested);
    }

    private string HugeString(string text)
    {
        var length = Pick(new[] { 70_000, 1 << 20, 4 << 20 });
        var huge = new string((char)('a' + random.Next(26)), length);
        return random.Next(2) == 0 ? ReplaceToken(text, "\"" + huge + "\"") : ReplaceToken(text, huge);
    }

    private string InsertAt(string text, string insert)
    {
        var at = random.Next(text.Length + 1);
        return text[..at] + insert + text[at..];
    }

    /// <summary>Replaces one word, number or quoted string with <paramref name="value"/>.</summary>
    private string ReplaceToken(string text, string value)
    {
        var tokens = Token().Matches(text);
        if (tokens.Count == 0)
        {
            return InsertAt(text, value);
        }

        var token = tokens[random.Next(tokens.Count)];
        return text[..token.Index] + value + text[(token.Index + token.Length)..];
    }

    private string ReplaceNumber(string text)
    {
        var numbers = Number().Matches(text);
        var value = Pick(Numbers);
        if (numbers.Count == 0)
        {
            return ReplaceToken(text, value);
        }

        var n = numbers[random.Next(numbers.Count)];
        return text[..n.Index] + value + text[(n.Index + n.Length)..];
    }

    /// <summary>Repeats a line right after itself: in a mapping, the same key twice.</summary>
    private string DuplicateLine(string text)
    {
        var lines = text.Split('\n').ToList();
        var i = random.Next(lines.Count);
        lines.Insert(i, lines[i]);
        return string.Join('\n', lines);
    }

    private string Splice(string text)
    {
        var other = Pick(seeds);
        var a = random.Next(text.Length + 1);
        var b = random.Next(other.Length + 1);
        return text[..a] + other[b..];
    }

    private byte[] InvalidUtf8(byte[] bytes)
    {
        var bad = Pick(BadUtf8);
        var quote = Array.IndexOf(bytes, (byte)'"', random.Next(Math.Max(1, bytes.Length)));
        var at = quote >= 0 ? quote + 1 : random.Next(bytes.Length + 1);
        return [.. bytes.AsSpan(0, at), .. bad, .. bytes.AsSpan(at)];
    }

    private byte[] Flip(byte[] bytes)
    {
        var copy = bytes.ToArray();
        for (var i = 0; i < 1 + random.Next(8) && copy.Length > 0; i++)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }

    [GeneratedRegex("\"(?:[^\"\\\\\\n]|\\\\.){0,200}\"|-?[0-9][0-9.eE+-]*|[A-Za-z_][A-Za-z0-9_.-]*")]
    private static partial Regex Token();

    [GeneratedRegex("-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")]
    private static partial Regex Number();
}
