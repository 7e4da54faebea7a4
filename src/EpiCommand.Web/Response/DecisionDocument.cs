using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Documents;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Response;

/// <summary>
/// A response decision as the headquarters' official document (.docx, 决定): issued by the jurisdiction's headquarters from its organisation
/// data, addressed to its member units and working groups, with the basis (the engine's reason and the experts' view), the decision and
/// the tasks it set each unit (001 §5.2.1, §5.3.1, §8.1: the headquarters of the responding level decides). A decision not yet approved
/// prints as a draft. People are named by their names, never their sign-in; no clause codes in the body.
/// </summary>
public static partial class DecisionDocument
{
    public static async Task<byte[]> BuildAsync(AppDbContext db, ResponseDecision d, CancellationToken ct)
    {
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == d.RegionCode, ct);
        var issuer = await HeadquartersNameAsync(db, d.RegionCode, ct) ?? $"{region.Name}新冠肺炎疫情防控工作指挥部";
        var above = region.ParentCode is { } parent ? await HeadquartersNameAsync(db, parent, ct) : null;
        var logins = new[] { d.ProposedBy, d.ConfirmedBy, d.ApprovedBy }.OfType<string>().ToList();
        var people = await db.Users.AsNoTracking().Where(u => logins.Contains(u.UserName!)).ToDictionaryAsync(u => u.UserName!, u => u.DisplayName, ct);
        string Person(string login) => login == DecisionService.Engine ? "平台研判" : people.GetValueOrDefault(login, login);

        var what = Messages.Decision.Describe(d).Zh;
        var number = $"指〔{ChinaTime.DayOf(d.ApprovedAt ?? d.ProposedAt).Year}〕{d.Id}号" + d.Status switch
        {
            DecisionStatus.Approved => "",
            DecisionStatus.Rejected => "（已否决）",
            DecisionStatus.Superseded => "（已作废）",
            _ => "（草稿）",
        };
        var document = new OfficialDocument($"关于{region.Name}{what}的决定", redHeader: $"{issuer}文件", number: number)
            .Recipients([$"{issuer}各成员单位、各工作组"]);

        var basis = new List<string> { WithoutClauses(d.Reason).TrimEnd('。') + "。" };
        if (d.Grade is { } grade) basis.Add($"经评估，{region.Name}疫情分级为{grade.ToChinese()}。");
        if (d.ConfirmedBy is not null) basis.Add($"专家组（{Person(d.ConfirmedBy)}）研判意见：{d.ConfirmationNote}");
        document.Section("研判依据", string.Join("\n", basis));

        document.Section("决定事项", d.ApprovedAt is { } approved
            ? $"经{issuer}批准，自{ChinaTime.ToChina(approved):yyyy年M月d日H时m分}起，{region.Name}{what}。{(d.ApprovalNote is { } note ? note : "")}"
            : $"拟{what}，待专家确认和指挥部批准后执行。");

        var tasks = await db.Tasks.AsNoTracking().Where(t => t.DecisionId == d.Id).OrderBy(t => t.Unit).ThenBy(t => t.Id).ToListAsync(ct);
        document.Section("工作任务", tasks.Count == 0
            ? (d.Kind == DecisionKind.Terminate ? "响应终止，各项应急措施相应结束，转入常态化防控。" : "本决定未下达新的任务。")
            : string.Join("\n", tasks.GroupBy(t => t.Unit).Select(g =>
                $"{g.Key}：{string.Join("；", g.Select(t => t.DueAt is { } due ? $"{t.Title}（{ChinaTime.ToChina(due):M月d日H时}前）" : t.Title))}。")));

        document.Signature(issuer, ChinaTime.DayOf(d.ApprovedAt ?? d.ProposedAt));
        // 001 §5.2.1: a county's decision is reported to the city (the level above is informed on approval).
        return document.CopyTo("抄报", above is null ? [] : [above]).ToBytes();
    }

    /// <summary>The engine's reason without its clause references ("（§5.2）", "（001 §8.1）"): the page shows them, the document does not.</summary>
    public static string WithoutClauses(string text) => ClauseReference().Replace(text, "").Trim();

    [System.Text.RegularExpressions.GeneratedRegex(@"（(?:\d{3}\s*)?§[^）]*）")]
    private static partial System.Text.RegularExpressions.Regex ClauseReference();

    private static Task<string?> HeadquartersNameAsync(AppDbContext db, string regionCode, CancellationToken ct) =>
        db.Headquarters.AsNoTracking().Where(h => h.RegionCode == regionCode).OrderBy(h => h.Id).Select(h => (string?)h.Name).FirstOrDefaultAsync(ct);
}
