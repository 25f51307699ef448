namespace Bunsan.Federation.Queries;

/// <summary>
/// Entry point: analyst SQL in, a validated <see cref="FederatedQuery"/> (or a one-line error) out.
/// The user's text is tokenized, parsed into an AST and validated; nothing of it reaches a site except
/// through SQL regenerated from that AST.
/// </summary>
public static class FederatedSql
{
    public static QueryParse Parse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        try
        {
            return new QueryParse(QueryPlanner.Plan(SqlParser.Parse(sql)), null);
        }
        catch (SqlRejection rejection)
        {
            return new QueryParse(null, rejection.Message);
        }
    }
}
