namespace EpiCommand.Web.Platform;

/// <summary>Messages of the platform's own guards: request sizes, cross-site requests, sign-in.</summary>
public static partial class Messages
{
    public static Text BodyTooLarge(long maxBytes) => maxBytes >= 1 << 20
        ? new($"请求内容超过 {maxBytes >> 20} MB 的上限。", $"The request body exceeds the limit of {maxBytes >> 20} MB.")
        : new($"请求内容超过 {maxBytes} 字节的上限。", $"The request body exceeds the limit of {maxBytes} bytes.");
    public static Text CrossOriginRefused => new("拒绝来自其他网站的请求：请在本平台的页面上操作。",
        "A request from another site's page is refused: act from the platform's own pages.");
    public static Text SignInFailed => new("用户名或密码错误。", "The user name or password is wrong.");
    public static Text SignInThrottled => new("登录尝试过于频繁，请稍后再试。", "Too many sign-in attempts; try again in a few minutes.");
    public static Text SignInMissing => new("请输入用户名和密码。", "Enter a user name and a password.");
    public static Text DatabaseUnavailable => new("数据库暂时无法访问，请稍后重试。", "The database cannot be reached at the moment; try again shortly.");
}
