namespace EpiCommand.Domain.People;

/// <summary>
/// A resident identity card number (居民身份证号码) of GB 11643-1999: 17 digits and a check character
/// computed with ISO 7064 MOD 11-2 (requirements J3). Construction refuses a number whose check fails.
/// </summary>
public enum ResidentIdFault { Length, NotDigit, NotBirthDate, CheckCharacter }

public sealed record ResidentId
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    private ResidentId(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? text, out ResidentId? id, out string? error)
    {
        var fault = Check(text, out id);
        var value = text?.Trim().ToUpperInvariant() ?? "";
        error = fault switch
        {
            null => null,
            ResidentIdFault.Length => $"a resident ID has 18 characters, '{text}' has {value.Length}",
            ResidentIdFault.NotDigit => $"only the last character of '{text}' may be other than a digit",
            ResidentIdFault.NotBirthDate => $"'{value.Substring(6, 8)}' in '{text}' is not a date of birth",
            _ => $"the check character of '{text}' should be {CheckCharacter(value.AsSpan(0, 17))} (GB 11643)",
        };
        return fault is null;
    }

    /// <summary>What is wrong with a number, or null when it is a valid resident ID (then <paramref name="id"/> holds it).</summary>
    public static ResidentIdFault? Check(string? text, out ResidentId? id)
    {
        id = null;
        var value = text?.Trim().ToUpperInvariant() ?? "";
        if (value.Length != 18) return ResidentIdFault.Length;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(value[i])) return ResidentIdFault.NotDigit;
        }
        if (!DateOnly.TryParseExact(value.Substring(6, 8), "yyyyMMdd", out _)) return ResidentIdFault.NotBirthDate;
        if (value[17] != CheckCharacter(value.AsSpan(0, 17))) return ResidentIdFault.CheckCharacter;
        id = new ResidentId(value);
        return null;
    }

    public static ResidentId Parse(string text) =>
        TryParse(text, out var id, out var error) ? id! : throw new FormatException(error);

    /// <summary>ISO 7064 MOD 11-2 over the first 17 digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    /// <summary>Shown in lists and exports: region prefix and last four kept, the birth date hidden (1505**********123X).</summary>
    public string Masked => Mask(Value);

    public static string Mask(string value) => value.Length <= 8 ? new string('*', value.Length) : value[..4] + new string('*', value.Length - 8) + value[^4..];

    public override string ToString() => Masked;
}

public static class PhoneNumbers
{
    /// <summary>138****5678: the operator prefix and the last four digits kept.</summary>
    public static string Mask(string? phone) => phone is null || phone.Length < 7 ? new string('*', phone?.Length ?? 0) : phone[..3] + new string('*', phone.Length - 7) + phone[^4..];
}
