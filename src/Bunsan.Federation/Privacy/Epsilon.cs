using System.Globalization;
using System.Numerics;

namespace Bunsan.Federation.Privacy;

/// <summary>
/// A privacy-loss amount ε as an exact decimal with at most 6 fractional digits. Parsed text is a query's ε
/// (0 &lt; ε ≤ 100); sums and differences are budget bookkeeping and stay exact (ten times 0.1 is exactly 1), since
/// adding or subtracting decimals with ≤ 6 fractional digits never rounds. The samplers take <see cref="ToRational"/>.
/// </summary>
public readonly record struct Epsilon : IComparable<Epsilon>
{
    public const int MaxFractionalDigits = 6;
    public const decimal MaxQueryValue = 100m;

    // "100.000000" is the longest valid text; anything longer is refused before it is looked at further.
    private const int MaxTextLength = 10;
    private static readonly BigInteger Micro = 1_000_000;

    private Epsilon(decimal value) => Value = value;

    /// <summary>Nothing spent: the start of a budget's bookkeeping.</summary>
    public static Epsilon Zero => default;

    public decimal Value { get; }

    /// <summary>
    /// Strict: ASCII digits with at most one decimal point between digits, up to 6 after it, 0 &lt; ε ≤ 100. No sign,
    /// exponent, spaces, thousands separators, NaN or infinity: a policy's budget must mean exactly one number.
    /// </summary>
    public static bool TryParse(string? text, out Epsilon epsilon, out string? error)
    {
        epsilon = default;
        error = Check(text);
        if (error is not null)
        {
            return false;
        }
        decimal value = decimal.Parse(text!, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (value == 0m || value > MaxQueryValue)
        {
            error = $"epsilon: {text} is out of range: use 0 < epsilon <= {MaxQueryValue}";
            return false;
        }
        epsilon = new Epsilon(value);
        return true;
    }

    /// <summary>ε = Numerator/Denominator in lowest terms (Denominator divides 10^6).</summary>
    public (BigInteger Numerator, BigInteger Denominator) ToRational()
    {
        var scaled = new BigInteger(Value * 1_000_000m); // exact: at most 6 fractional digits
        BigInteger gcd = BigInteger.GreatestCommonDivisor(scaled, Micro);
        return (scaled / gcd, Micro / gcd); // zero gives 0/1
    }

    public static Epsilon operator +(Epsilon left, Epsilon right) => new(left.Value + right.Value);

    /// <summary>The rest of a budget; throws when <paramref name="right"/> exceeds <paramref name="left"/> (compare first).</summary>
    public static Epsilon operator -(Epsilon left, Epsilon right) =>
        left.Value >= right.Value
            ? new(left.Value - right.Value)
            : throw new InvalidOperationException($"epsilon {right} exceeds {left}: compare against the budget before subtracting");

    public static Epsilon Add(Epsilon left, Epsilon right) => left + right;

    public static Epsilon Subtract(Epsilon left, Epsilon right) => left - right;

    public static bool operator <(Epsilon left, Epsilon right) => left.Value < right.Value;

    public static bool operator >(Epsilon left, Epsilon right) => left.Value > right.Value;

    public static bool operator <=(Epsilon left, Epsilon right) => left.Value <= right.Value;

    public static bool operator >=(Epsilon left, Epsilon right) => left.Value >= right.Value;

    public int CompareTo(Epsilon other) => Value.CompareTo(other.Value);

    /// <summary>Shortest invariant form: 1, not 1.0 (decimal keeps trailing zeros that sums produce).</summary>
    public override string ToString() => Value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string? Check(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "epsilon is missing: give a decimal such as 0.5";
        }
        if (text.Length > MaxTextLength)
        {
            return $"epsilon: '{text[..MaxTextLength]}…' ({text.Length} characters) is too long: use a decimal such as 0.5 (0 < epsilon <= {MaxQueryValue}, at most {MaxFractionalDigits} fractional digits)";
        }
        int point = -1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '.' && point < 0 && i > 0 && i < text.Length - 1)
            {
                point = i;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return $"epsilon: '{text}' is not a plain decimal such as 0.5: only digits and one point between digits (no sign, exponent, spaces or commas)";
            }
        }
        if (point >= 0 && text.Length - point - 1 > MaxFractionalDigits)
        {
            return $"epsilon: '{text}' has more than {MaxFractionalDigits} fractional digits: round it to at most {MaxFractionalDigits}";
        }
        return null;
    }
}
