namespace EpiCommand.Web.Platform;

/// <summary>Refusals of user administration and of changing one's password.</summary>
public static partial class Messages
{
    public static Text UsersAdminOnly => new("只有系统管理员可以管理用户。", "Only administrators manage users.");
    public static Text UserNameForm(int max) => new($"用户名为 2 至 {max} 个字母、数字或 - . _ @。", $"A user name has 2 to {max} letters, digits or - . _ @.");
    public static Text UserNameNotAvailable(string name) => new($"用户名“{name}”不可用，请换一个。", $"The user name '{name}' is not available; choose another.");
    public static Text RolesRequired => new("请至少选择一个角色。", "Choose at least one role.");
    public static Text NoSuchUnit(string unit, string region) => new($"“{unit}”不是{region}及其上级组织机构中的单位或工作组。",
        $"'{unit}' is not a unit or working group of the organisation of {region} or above it.");
    public static Text NoSuchUser(string name) => new($"没有用户名为“{name}”的用户。", $"No user has the name '{name}'.");
    public static Text LastAdministrator => new("不能停用或降级该管理员：其管辖范围内将不再有可用的管理员。",
        "This administrator cannot be disabled or lose the role: no other active administrator would cover their region.");
    public static Text CannotDisableSelf => new("不能停用自己的账号。", "You cannot disable your own account.");
    public static Text UserAlreadyDisabled(string name) => new($"用户“{name}”已停用。", $"The user '{name}' is already disabled.");
    public static Text UserAlreadyEnabled(string name) => new($"用户“{name}”已启用。", $"The user '{name}' is already enabled.");
    public static Text NotSignedIn => new("请先登录。", "Sign in first.");
    public static Text PasswordUnchanged => new("新密码不能与当前密码相同。", "The new password must differ from the current one.");
    public static Text PasswordPolicy(int length) => new($"密码至少 {length} 位，须包含大写字母、小写字母、数字和符号。",
        $"A password has at least {length} characters with an upper-case letter, a lower-case letter, a digit and a symbol.");
    public static Text PasswordConfirmationDiffers => new("两次输入的新密码不一致。", "The confirmation differs from the new password.");
    public static Text CurrentPasswordWrong => new("当前密码不正确。", "The current password is wrong.");
    public static Text UserSheetEmpty => new("文件中没有用户。", "The file holds no users.");
    public static Text UserSheetColumns(string columns) => new($"首行须为列名，缺少：{columns}。", $"The first row must name the columns; missing: {columns}.");
    public static Text PasswordChangeRequired => new("请先修改初始密码（/account/change-password），再使用本平台。",
        "Change your one-time password first (/account/change-password), then use the platform.");
    public static Text PasswordReused(int count) => new($"新密码不能与最近 {count} 次使用过的密码相同。", $"The new password may not be one of your last {count}.");
    public static Text PasswordExpired => new("您的密码已过期，请设置新密码。", "Your password has expired: choose a new one.");
    public static Text TwoFactorAlreadyEnabled => new("已启用双因素登录；如需更换验证器，请先停用。", "Two-factor sign-in is on; switch it off first to change the authenticator.");
    public static Text TwoFactorNotEnabled => new("尚未启用双因素登录。", "Two-factor sign-in is not on.");
    public static Text TwoFactorNoPendingKey => new("请先生成密钥并添加到验证器应用。", "Ask for a key and add it to your authenticator app first.");
    public static Text TwoFactorCodeWrong => new("验证码不正确或已过期。", "The code is wrong or has expired.");
    public static Text TwoFactorRequiredForRole => new("您的角色必须使用双因素登录，不能停用。", "Your role must sign in with two factors; it cannot be switched off.");
    public static Text TwoFactorSetupRequired => new("请先启用双因素登录（/account/two-factor-setup），再使用本平台。",
        "Set up two-factor sign-in first (/account/two-factor-setup), then use the platform.");
    public static Text SignInCodeFailed => new("验证码或恢复码不正确。", "The code or recovery code is wrong.");
    public static Text SignInStepExpired => new("登录已超时，请重新输入用户名和密码。", "The sign-in timed out: enter your user name and password again.");
}
