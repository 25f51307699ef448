namespace Bunsan.Federation.Policies;

/// <summary>
/// Purpose names: 1–64 of lowercase ASCII letters, digits, '-', '_', '.', ':', starting with a letter or digit. Narrow on
/// purpose: a purpose is compared by exact text in every owner's policy and written to the ledger, so lookalikes
/// (Unicode, spaces, case) must not pass as another purpose.
/// </summary>
public static class Purposes
{
    public const int MaxLength = 64;

    /// <summary>Null when <paramref name="purpose"/> is a valid purpose name; otherwise the problem and the fix.</summary>
    public static string? Problem(string? purpose)
    {
        if (string.IsNullOrEmpty(purpose))
        {
            return "the purpose is empty: name why you ask, e.g. research or public-health";
        }
        bool valid = purpose.Length <= MaxLength && IsStart(purpose[0])
            && purpose.All(c => IsStart(c) || c is '-' or '_' or '.' or ':');
        return valid ? null
            : $"'{FederationNames.Shown(purpose)}' is not a purpose name: use 1 to {MaxLength} lowercase ASCII letters, digits, '-', '_', '.' or ':', starting with a letter or digit";
    }

    private static bool IsStart(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
