using System.CommandLine;

namespace Palisade.Cli.Help;

/// <summary>
/// Recognises an unknown subcommand name in a parse and finds the closest real one, the way git and cargo answer
/// <c>unknown command 'chek' (did you mean 'check'?)</c>.
/// </summary>
internal static class CommandSuggestion
{
    /// <summary>The unknown subcommand word, or null when the parse failed for another reason.</summary>
    public static string? UnknownSubcommand(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        if (command.Subcommands.Count == 0 || parse.UnmatchedTokens.Count == 0)
        {
            return null;
        }

        var first = parse.UnmatchedTokens[0];
        return first.StartsWith('-') ? null : first;
    }

    /// <summary>The one-line message for <paramref name="word"/> given under <paramref name="command"/>.</summary>
    public static string Message(Command command, string word)
    {
        var best = Closest(command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name), word);
        return best is null ? $"unknown command '{word}'" : $"unknown command '{word}' (did you mean '{best}'?)";
    }

    /// <summary>The candidate within a small edit distance of <paramref name="word"/>, or sharing its prefix; null if none.</summary>
    internal static string? Closest(IEnumerable<string> candidates, string word)
    {
        var scored = candidates
            .Select(c => (Name: c, Distance: Distance(c, word.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(2, word.Length / 3) || (word.Length >= 3 && c.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        return scored.Count == 0 ? null : scored[0].Name;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
