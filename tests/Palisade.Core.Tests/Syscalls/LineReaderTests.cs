using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Palisade.Core.Syscalls;

namespace Palisade.Core.Tests.Syscalls;

public sealed class LineReaderTests
{
    [Property(MaxTest = 1000, Arbitrary = [typeof(ShortLines)])]
    public bool TryReadLine_TinyBuffer_YieldsTheSameLinesAsSplit(string text)
    {
        var reader = new LineReader(new StringReader(text), maxLineLength: 1 << 16, initialBuffer: 16);
        var lines = new List<string>();
        while (reader.TryReadLine(out var line, out var overlong))
        {
            if (overlong)
            {
                return false;
            }

            lines.Add(line.ToString());
        }

        var expected = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (text.Length == 0 || text.EndsWith('\n'))
        {
            expected.RemoveAt(expected.Count - 1);
        }

        return lines.SequenceEqual(expected);
    }

    [Fact]
    public void TryReadLine_LinesOverTheCap_AreReportedAndTheRestKept()
    {
        var text = "short\n" + new string('x', 100) + "\nnext\n" + new string('y', 40);
        var reader = new LineReader(new StringReader(text), maxLineLength: 32, initialBuffer: 16);
        var seen = new List<string>();
        while (reader.TryReadLine(out var line, out var overlong))
        {
            seen.Add(overlong ? "<overlong>" : line.ToString());
        }

        Assert.Equal(["short", "<overlong>", "next", "<overlong>"], seen);
    }

    public static class ShortLines
    {
        public static Arbitrary<string> Strings() =>
            Gen.Elements("a", "bc", "defghijklmnopqrstuvwxyz0123456789", "\n", "\r\n", "\n\n", " ")
                .ArrayOf()
                .Select(parts => string.Concat(parts))
                .ToArbitrary();
    }
}
