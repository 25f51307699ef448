using Bunsan.Federation.Policies;

namespace Bunsan.Federation.Tests.Policies;

public sealed class PurposesTests
{
    [Theory]
    [InlineData("research")]
    [InlineData("public-health")]
    [InlineData("a")]
    [InlineData("7")]
    [InlineData("urn:bunsan:purpose.v2_x")]
    [InlineData("0-9")]
    public void ValidNames_HaveNoProblem(string purpose) => Assert.Null(Purposes.Problem(purpose));

    [Fact]
    public void SixtyFourCharacters_Valid_SixtyFive_Invalid()
    {
        Assert.Null(Purposes.Problem(new string('a', Purposes.MaxLength)));
        Assert.NotNull(Purposes.Problem(new string('a', Purposes.MaxLength + 1)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Empty_IsReportedAsEmpty(string? purpose) =>
        Assert.StartsWith("the purpose is empty", Purposes.Problem(purpose), StringComparison.Ordinal);

    [Theory]
    [InlineData("Research")]
    [InlineData("RESEARCH")]
    [InlineData("research ")]
    [InlineData(" research")]
    [InlineData("public health")]
    [InlineData("-research")]
    [InlineData("_research")]
    [InlineData(".research")]
    [InlineData(":research")]
    [InlineData("re\u0455earch")]   // Cyrillic dze looks like 's'
    [InlineData("r\u00e9search")]   // é
    [InlineData("ｒesearch")]       // fullwidth r
    [InlineData("research\u200b")]  // zero-width space
    [InlineData("research\u0000")]
    [InlineData("research\t")]
    [InlineData("re/search")]
    [InlineData("re*")]
    [InlineData("\u0661")]          // Arabic-Indic digit one
    public void Lookalikes_AndOtherCharacters_AreRefused(string purpose)
    {
        string? problem = Purposes.Problem(purpose);

        Assert.NotNull(problem);
        Assert.Contains("is not a purpose name", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_HidesControlCharacters_AndTruncatesLongInput()
    {
        string? control = Purposes.Problem("bad\u0007name");
        Assert.NotNull(control);
        Assert.DoesNotContain('\u0007', control);
        Assert.Contains("'bad?name'", control, StringComparison.Ordinal);

        string? longOne = Purposes.Problem(new string('X', 10_000));
        Assert.NotNull(longOne);
        Assert.True(longOne.Length < 400, $"message is {longOne.Length} chars");
    }
}
