using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Bunsan.ControlPlane.Api;

/// <summary>
/// The optional paging of `GET /v1/sites`: <c>?limit=N</c> sites at most, <c>&amp;after=ID</c> only ids after that one
/// in ordinal order. Without either the whole federation comes back, as before paging existed. When sites remain
/// past a page the response carries a <c>Link: &lt;...&gt;; rel="next"</c> header (RFC 8288) giving the next page.
/// </summary>
/// <param name="Limit">At most this many sites; null for all.</param>
/// <param name="After">Only sites whose id sorts after this one; null to start from the first.</param>
public sealed record SitePageQuery(int? Limit, string? After)
{
    /// <summary>A page of 1,000 sites is ~390 KB of JSON; more belongs in several requests.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The site id rule (Core's identifier rule): ids keep to a safe ASCII alphabet and 128 characters.</summary>
    private const int MaxIdLength = 128;

    /// <summary>The paging a query asks for, or every problem with it, each naming the parameter and the fix.</summary>
    public static (SitePageQuery? Query, IReadOnlyList<string> Errors) Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new List<string>(2);
        int? limit = null;
        if (Single(query, "limit", errors) is { } limitText)
        {
            if (int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) && parsed is >= 1 and <= MaxLimit)
            {
                limit = parsed;
            }
            else
            {
                errors.Add($"limit is {Quote(limitText)}: use a whole number of sites from 1 to {MaxLimit}, or leave it out for all");
            }
        }
        string? after = Single(query, "after", errors);
        if (after is not null && IdProblem(after) is { } problem)
        {
            errors.Add($"after {problem}: give the id of the last site of the previous page (the next link has it)");
        }
        return errors.Count > 0 ? (null, errors) : (new SitePageQuery(limit, after), errors);
    }

    /// <summary>The query string of the page after one that ended at <paramref name="lastId"/>.</summary>
    public string NextQuery(string lastId) =>
        Limit is { } limit
            ? string.Create(CultureInfo.InvariantCulture, $"?limit={limit}&after={Uri.EscapeDataString(lastId)}")
            : "?after=" + Uri.EscapeDataString(lastId);

    private static string? Single(IQueryCollection query, string name, List<string> errors)
    {
        if (!query.TryGetValue(name, out StringValues values))
        {
            return null;
        }
        if (values.Count != 1)
        {
            errors.Add($"{name} is given {values.Count} times: give it once");
            return null;
        }
        return values[0] ?? "";
    }

    private static string? IdProblem(string id)
    {
        if (id.Length == 0)
        {
            return "is empty";
        }
        if (id.Length > MaxIdLength)
        {
            return $"is {id.Length} characters long, longer than any site id ({MaxIdLength})";
        }
        return id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            ? null
            : Quote(id) + " is not a site id (letters, digits, '.', '-' and '_' only)";
    }

    /// <summary>A caller's text in a message: at most 40 characters, anything outside printable ASCII as \uXXXX, so
    /// a hostile value cannot make the message long or break it over lines.</summary>
    private static string Quote(string text)
    {
        string head = text.Length <= 40 ? text : text[..37] + "...";
        return "'" + string.Concat(head.Select(c => c is >= ' ' and <= '~' ? c.ToString() : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture))) + "'";
    }
}
