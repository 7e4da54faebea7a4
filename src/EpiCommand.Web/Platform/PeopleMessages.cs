using EpiCommand.Domain.People;

namespace EpiCommand.Web.Platform;

/// <summary>Messages about a person's particulars, shared by cases, contacts, key people and sentinel reports.</summary>
public static partial class Messages
{
    public static Text PersonNameRequired => new("请填写姓名。", "The person's name is required.");

    public static Text NotAPhone(string text) => new($"“{text}”不是电话号码（11 位手机号或带区号的固定电话）。",
        $"'{text}' is not a phone number (11-digit mobile or a landline with its area code).");

    public static Text NotAResidentId(string text, ResidentIdFault fault) => fault switch
    {
        ResidentIdFault.Length => new($"居民身份证号码为 18 位，“{text}”为 {text.Length} 位。", $"A resident ID has 18 characters, '{text}' has {text.Length}."),
        ResidentIdFault.NotDigit => new($"“{text}”中只有最后一位可以不是数字。", $"Only the last character of '{text}' may be other than a digit."),
        ResidentIdFault.NotBirthDate => new($"“{text}”中的出生日期无效。", $"The date of birth in '{text}' is not a date."),
        _ => new($"“{text}”的校验码不符（GB 11643）。", $"The check character of '{text}' is wrong (GB 11643)."),
    };
}
