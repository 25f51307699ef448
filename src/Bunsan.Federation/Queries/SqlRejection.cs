namespace Bunsan.Federation.Queries;

/// <summary>
/// Unwinds the tokenizer and the recursive-descent parser at the first problem. It never leaves this
/// namespace: <see cref="FederatedSql.Parse"/> turns it into <see cref="QueryParse.Error"/>, so callers
/// see a result value, never an exception.
/// </summary>
internal sealed class SqlRejection : Exception
{
    public SqlRejection(string message)
        : base(message)
    {
    }
}
