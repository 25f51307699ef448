namespace Bunsan.Federation.Queries;

/// <summary>
/// The rule for dataset names — [a-z0-9][a-z0-9._-]{0,62}, and not a file name such as "x.csv" (a query
/// names datasets, never files) — and the glob patterns of federation('pattern'), where * matches any run
/// of characters and ? one character. Sites derive table names from dataset names, so they check this too.
/// </summary>
public static class DatasetName
{
    public const int MaxLength = 63;

    private static readonly string[] FileExtensions =
        [".csv", ".tsv", ".parquet", ".json", ".jsonl", ".ndjson", ".txt", ".gz", ".zst", ".xlsx", ".arrow", ".db", ".duckdb", ".sqlite"];

    /// <summary>Why <paramref name="name"/> is not a dataset name, or null when it is one.</summary>
    public static string? Problem(string name)
    {
        if (name.Length is 0 or > MaxLength)
        {
            return $"a dataset name has 1 to {MaxLength} characters";
        }
        if (!IsNameStart(name[0]) || !name.All(c => IsNameStart(c) || c is '.' or '_' or '-'))
        {
            return "a dataset name is lower-case letters, digits, '.', '_' and '-', starting with a letter or digit";
        }
        string? extension = FileExtensions.FirstOrDefault(e => name.EndsWith(e, StringComparison.Ordinal));
        return extension is null ? null : $"'{name}' looks like a file name ({extension}): queries read datasets by name, never files";
    }

    public static bool IsValid(string name) => Problem(name) is null;

    /// <summary>Why <paramref name="pattern"/> is not a dataset pattern, or null.</summary>
    public static string? PatternProblem(string pattern)
    {
        if (pattern.Length is 0 or > MaxLength)
        {
            return $"a dataset pattern has 1 to {MaxLength} characters";
        }
        return pattern.All(c => IsNameStart(c) || c is '.' or '_' or '-' or '*' or '?')
            ? null
            : "a dataset pattern is lower-case letters, digits, '.', '_', '-' and the wildcards * and ?";
    }

    /// <summary>Whether <paramref name="name"/> matches the glob <paramref name="pattern"/> (whole name).</summary>
    public static bool Matches(string pattern, string name)
    {
        // Iterative glob with one backtrack point: linear in practice, no regex, no catastrophic cases.
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starN = n;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                n = ++starN;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    private static bool IsNameStart(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
