using System.Text;
using System.Text.RegularExpressions;

namespace AuthFunctions.Tests.Infra;

/// <summary>
/// Just enough Bicep reading for the contract tests: a small, known set of files, read with careful regexes after
/// comments are stripped. Strings are single-quoted; braces inside them never count.
/// </summary>
public sealed partial class BicepText
{
    public BicepText(string path)
    {
        Path = path;
        Text = StripComments(File.ReadAllText(path));
    }

    public string Path { get; }

    /// <summary>The file without comments; string literals are kept as they are.</summary>
    public string Text { get; }

    public IReadOnlyList<string> Parameters => ParamPattern().Matches(Text).Select(m => m.Groups[1].Value).ToList();

    /// <summary>Parameters that must be given because they have no default value.</summary>
    public IReadOnlyList<string> RequiredParameters =>
        ParamPattern().Matches(Text).Where(m => !m.Groups[2].Value.Contains('=', StringComparison.Ordinal)).Select(m => m.Groups[1].Value).ToList();

    public IReadOnlyList<string> Outputs => OutputPattern().Matches(Text).Select(m => m.Groups[1].Value).ToList();

    /// <summary>var name = '&lt;guid&gt;' constants, such as built-in role definition ids.</summary>
    public IReadOnlyDictionary<string, string> GuidVariables =>
        GuidVarPattern().Matches(Text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);

    /// <summary>Symbol → resource type of every 'existing' resource.</summary>
    public IReadOnlyDictionary<string, string> ExistingResources =>
        ExistingPattern().Matches(Text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);

    /// <summary>The keys at the top level of the object literal assigned to <c>var <paramref name="variable"/></c>.</summary>
    public IReadOnlyList<string> ObjectKeys(string variable)
    {
        var start = Regex.Match(Text, $@"(?m)^var\s+{Regex.Escape(variable)}\s*=\s*\{{");
        if (!start.Success)
        {
            throw new InvalidOperationException($"{Path}: no object literal 'var {variable} = {{'");
        }

        var body = Block(start.Index + start.Length - 1);
        var keys = new List<string>();
        var depth = 0;
        foreach (var line in body[1..^1].Split('\n'))
        {
            if (depth == 0 && KeyPattern().Match(line) is { Success: true } key)
            {
                keys.Add(key.Groups[2].Value);
            }

            depth += Nesting(line);
        }

        return keys;
    }

    /// <summary>The body, braces included, of <c>module <paramref name="symbol"/> '...' = {</c>.</summary>
    public string Module(string symbol)
    {
        var start = Regex.Match(Text, $@"module\s+{Regex.Escape(symbol)}\s+'[^']+'\s*=\s*\{{");
        return start.Success ? Block(start.Index + start.Length - 1) : throw new InvalidOperationException($"{Path}: no module '{symbol}'");
    }

    /// <summary>The value expression of <c>name: value</c> on its own line inside <paramref name="block"/>.</summary>
    public static string? Property(string block, string name)
    {
        var m = Regex.Match(block, $@"(?m)^\s*{Regex.Escape(name)}:\s*(.+?)\s*$");
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>Every <c>Microsoft.Authorization/roleAssignments</c> resource, with what it assigns to whom, where.</summary>
    public IReadOnlyList<RoleAssignment> RoleAssignments()
    {
        var result = new List<RoleAssignment>();
        foreach (Match m in RoleAssignmentPattern().Matches(Text))
        {
            var body = Block(OpeningBrace(m.Index + m.Length));
            var guidArgs = GuidArgsPattern().Match(body);
            var role = RoleDefinitionPattern().Match(body);
            result.Add(new RoleAssignment(
                m.Groups[1].Value,
                Property(body, "scope") ?? "",
                Property(body, "principalId") ?? "",
                role.Success ? role.Groups[1].Value : "",
                guidArgs.Success ? guidArgs.Groups[1].Value.Split(',').Select(a => a.Trim()).ToList() : []));
        }

        return result;
    }

    private string Block(int openBrace)
    {
        var depth = 0;
        for (var i = openBrace; i < Text.Length; i++)
        {
            var c = Text[i];
            if (c == '\'')
            {
                i = EndOfString(Text, i);
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return Text[openBrace..(i + 1)];
            }
        }

        throw new InvalidOperationException($"{Path}: unbalanced braces from offset {openBrace}");
    }

    /// <summary>The first '{' outside parentheses and strings, e.g. after <c>= if (!empty(x))</c>.</summary>
    private int OpeningBrace(int from)
    {
        var parens = 0;
        for (var i = from; i < Text.Length; i++)
        {
            switch (Text[i])
            {
                case '\'': i = EndOfString(Text, i); break;
                case '(': parens++; break;
                case ')': parens--; break;
                case '{' when parens == 0: return i;
            }
        }

        throw new InvalidOperationException($"{Path}: no body after offset {from}");
    }

    /// <summary>How much deeper a line leaves the nesting of braces and brackets, strings ignored.</summary>
    private static int Nesting(string line)
    {
        var depth = 0;
        for (var i = 0; i < line.Length; i++)
        {
            switch (line[i])
            {
                case '\'': i = EndOfString(line, i); break;
                case '{' or '[' or '(': depth++; break;
                case '}' or ']' or ')': depth--; break;
            }
        }

        return depth;
    }

    /// <summary>Index of the quote closing the string literal opened at <paramref name="open"/>.</summary>
    private static int EndOfString(string text, int open)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '\'')
            {
                return i;
            }
        }

        return text.Length - 1;
    }

    private static string StripComments(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\'')
            {
                var end = EndOfString(text, i);
                sb.Append(text, i, end - i + 1);
                i = end;
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                sb.Append('\n');
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 1;
            }
            else
            {
                sb.Append(text[i]);
            }
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"(?m)^param\s+(\w+)\s+([^\n]*)$")]
    private static partial Regex ParamPattern();

    [GeneratedRegex(@"(?m)^output\s+(\w+)\s")]
    private static partial Regex OutputPattern();

    [GeneratedRegex(@"(?m)^var\s+(\w+)\s*=\s*'([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})'")]
    private static partial Regex GuidVarPattern();

    [GeneratedRegex(@"resource\s+(\w+)\s+'([^'@]+)@[^']+'\s+existing\b")]
    private static partial Regex ExistingPattern();

    [GeneratedRegex(@"^\s*('?)([A-Za-z0-9_]+)\1\s*:")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"resource\s+(\w+)\s+'Microsoft\.Authorization/roleAssignments@[^']+'\s*=")]
    private static partial Regex RoleAssignmentPattern();

    [GeneratedRegex(@"(?m)^\s*name:\s*guid\(([^)]*)\)")]
    private static partial Regex GuidArgsPattern();

    [GeneratedRegex(@"roleDefinitionId:\s*subscriptionResourceId\(\s*'Microsoft\.Authorization/roleDefinitions'\s*,\s*(\w+)\s*\)")]
    private static partial Regex RoleDefinitionPattern();
}

/// <summary>One role assignment as written: symbols of its scope, principal and role, and the arguments of its guid() name.</summary>
public sealed record RoleAssignment(string Symbol, string Scope, string Principal, string Role, IReadOnlyList<string> NameArguments);
