using EpiCommand.Domain.People;

namespace EpiCommand.Web.Platform;

/// <summary>
/// The particulars every register takes of a person (requirements J3) — cases, contacts, key people, sentinel reports: a name,
/// a resident ID checked against GB 11643, a phone number. Errors go to the request's <c>personName</c>, <c>residentId</c> and
/// <c>phone</c>.
/// </summary>
public static partial class PersonFields
{
    public const int MaxNameLength = Limits.NameCharacters;

    /// <summary>Longer than any phone number the pattern accepts; a longer text is not echoed back in the message.</summary>
    private const int MaxPhoneLength = 20;

    /// <summary>The trimmed particulars, the ID normalised; what is wrong is added to <paramref name="errors"/>.</summary>
    public static (string? Name, string? ResidentId, string? Phone) Check(FieldErrors errors, string? name, string? residentId, string? phone)
    {
        var trimmedName = errors.Text("personName", name, MaxNameLength, Messages.PersonNameRequired);
        string? id = null;
        if (!string.IsNullOrWhiteSpace(residentId))
        {
            if (ResidentId.Check(residentId, out var parsed) is { } fault) errors.Add("residentId", Messages.NotAResidentId(residentId.Trim(), fault));
            else id = parsed!.Value;
        }
        var trimmedPhone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        if (trimmedPhone is { Length: > MaxPhoneLength }) errors.Add("phone", Messages.TooLong(MaxPhoneLength));
        else if (trimmedPhone is not null && !Phone().IsMatch(trimmedPhone)) errors.Add("phone", Messages.NotAPhone(trimmedPhone));
        return (trimmedName, id, trimmedPhone);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(1\d{10}|0\d{2,3}-?\d{7,8})\z")]
    public static partial System.Text.RegularExpressions.Regex Phone();
}
