namespace Palisade.Core.Monitoring;

/// <summary>
/// Parses Falco's condition language (the subset Palisade supports): and/or/not, parentheses, macro references and
/// field comparisons with =, ==, !=, &lt;, &lt;=, &gt;, &gt;=, in, intersects, pmatch, startswith, endswith, contains,
/// icontains, glob and exists.
/// </summary>
internal sealed class ConditionParser
{
    private static readonly HashSet<string> WordOperators = new(StringComparer.Ordinal)
    {
        "in", "intersects", "pmatch", "startswith", "endswith", "contains", "icontains", "glob", "exists",
    };

    private static readonly HashSet<string> ListOperators = new(StringComparer.Ordinal) { "in", "intersects", "pmatch" };

    private readonly List<Token> tokens;
    private readonly Func<int, (int Line, int Column)> position;
    private int next;

    private ConditionParser(List<Token> tokens, Func<int, (int Line, int Column)> position)
    {
        this.tokens = tokens;
        this.position = position;
    }

    /// <summary>Parses <paramref name="text"/>; <paramref name="position"/> maps a character offset to the file.</summary>
    public static ConditionNode Parse(string text, Func<int, (int Line, int Column)> position)
    {
        var parser = new ConditionParser(Tokenize(text, position), position);
        var node = parser.ParseOr();
        if (parser.Peek() is { } extra)
        {
            throw parser.Error(extra, $"unexpected '{extra.Text}' after a complete condition");
        }

        return node;
    }

    private ConditionNode ParseOr()
    {
        var left = ParseAnd();
        while (PeekWord("or"))
        {
            next++;
            left = new OrNode(left, ParseAnd());
        }

        return left;
    }

    private ConditionNode ParseAnd()
    {
        var left = ParseNot();
        while (PeekWord("and"))
        {
            next++;
            left = new AndNode(left, ParseNot());
        }

        return left;
    }

    private ConditionNode ParseNot()
    {
        if (PeekWord("not"))
        {
            var token = tokens[next++];
            var (line, column) = position(token.Offset);
            return new NotNode(ParseNot(), line, column);
        }

        return ParsePrimary();
    }

    private ConditionNode ParsePrimary()
    {
        var token = Take("a field, a macro or '('");
        if (token.Kind == TokenKind.Open)
        {
            var inner = ParseOr();
            var close = Take("')'");
            if (close.Kind != TokenKind.Close)
            {
                throw Error(close, $"expected ')' but found '{close.Text}'");
            }

            return inner;
        }

        if (token.Kind != TokenKind.Word || token.Text is "and" or "or")
        {
            throw Error(token, $"expected a field, a macro or '(' but found '{token.Text}'");
        }

        var (line, column) = position(token.Offset);
        var op = Peek();
        var isOperator = op is not null && (op.Kind == TokenKind.Operator || (op.Kind == TokenKind.Word && WordOperators.Contains(op.Text)));
        if (!isOperator)
        {
            if (EventFields.Reader(token.Text) is not null)
            {
                throw Error(token, $"field '{token.Text}' needs an operator (=, !=, in, startswith, exists, …)");
            }

            return new MacroRefNode(token.Text, line, column);
        }

        if (EventFields.Reader(token.Text) is null)
        {
            throw Error(token, $"unknown field '{token.Text}'");
        }

        next++;
        if (op!.Text == "exists")
        {
            return new CompareNode(token.Text, "exists", [], false, line, column);
        }

        if (ListOperators.Contains(op.Text))
        {
            return new CompareNode(token.Text, op.Text, ParseList(), true, line, column);
        }

        var value = Take("a value");
        if (value.Kind is not (TokenKind.Word or TokenKind.Quoted))
        {
            throw Error(value, $"expected a value after '{op.Text}' but found '{value.Text}'");
        }

        return new CompareNode(token.Text, op.Text == "==" ? "=" : op.Text, [value.Text], false, line, column);
    }

    private List<string> ParseList()
    {
        var open = Take("'('");
        if (open.Kind != TokenKind.Open)
        {
            throw Error(open, $"expected '(' to start a list but found '{open.Text}'");
        }

        var items = new List<string>();
        while (true)
        {
            var item = Take("a list item or ')'");
            if (item.Kind == TokenKind.Close)
            {
                return items;
            }

            if (item.Kind == TokenKind.Comma)
            {
                continue;
            }

            if (item.Kind is not (TokenKind.Word or TokenKind.Quoted))
            {
                throw Error(item, $"unexpected '{item.Text}' in a list");
            }

            items.Add(item.Text);
        }
    }

    private Token? Peek() => next < tokens.Count ? tokens[next] : null;

    private bool PeekWord(string word) => Peek() is { Kind: TokenKind.Word } t && t.Text == word;

    private Token Take(string expected)
    {
        if (next >= tokens.Count)
        {
            var end = tokens.Count == 0 ? 0 : tokens[^1].Offset + tokens[^1].Length;
            var (line, column) = position(end);
            throw new RuleSyntaxException(line, column, $"condition ends early: expected {expected}");
        }

        return tokens[next++];
    }

    private RuleSyntaxException Error(Token token, string message)
    {
        var (line, column) = position(token.Offset);
        return new RuleSyntaxException(line, column, message);
    }

    private static List<Token> Tokenize(string text, Func<int, (int Line, int Column)> position)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            switch (c)
            {
                case '(':
                    tokens.Add(new Token(TokenKind.Open, "(", start, 1));
                    i++;
                    continue;
                case ')':
                    tokens.Add(new Token(TokenKind.Close, ")", start, 1));
                    i++;
                    continue;
                case ',':
                    tokens.Add(new Token(TokenKind.Comma, ",", start, 1));
                    i++;
                    continue;
                case '\'' or '"':
                    var end = text.IndexOf(c, i + 1);
                    if (end < 0)
                    {
                        var (line, column) = position(start);
                        throw new RuleSyntaxException(line, column, "unterminated quoted string");
                    }

                    tokens.Add(new Token(TokenKind.Quoted, text[(i + 1)..end], start, end + 1 - start));
                    i = end + 1;
                    continue;
                case '=' or '!' or '<' or '>':
                    var op = i + 1 < text.Length && text[i + 1] == '=' ? text.Substring(i, 2) : text.Substring(i, 1);
                    if (op == "!")
                    {
                        var (line, column) = position(start);
                        throw new RuleSyntaxException(line, column, "'!' must be followed by '=' (use 'not' for negation)");
                    }

                    tokens.Add(new Token(TokenKind.Operator, op, start, op.Length));
                    i += op.Length;
                    continue;
                default:
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or ',' or '=' or '!' or '<' or '>' or '\'' or '"'))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenKind.Word, text[start..i], start, i - start));
                    continue;
            }
        }

        return tokens;
    }

    private enum TokenKind
    {
        Word,
        Quoted,
        Operator,
        Open,
        Close,
        Comma,
    }

    private sealed record Token(TokenKind Kind, string Text, int Offset, int Length);
}
