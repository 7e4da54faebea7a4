using EpiCommand.Data.Response;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Documents;

namespace EpiCommand.Web.Warnings;

/// <summary>
/// A warning as an official notice (.docx): red header with the issuing health commission, number, title, addressees (主送), one section per
/// content field of 001 §3.4, issuer and date, and the 抄报 line (001 §3.4.3 "同时报告…"). No clause codes in the body: it is read by the units and the public.
/// </summary>
public static class WarningNoticeDocument
{
    public static byte[] Build(WarningNotice w, Plan plan, IReadOnlyList<string> copyTo)
    {
        var rules = plan.Warning;
        var level = rules?.Levels.FirstOrDefault(l => l.Level == w.Level);
        var number = $"预警〔{ChinaTime.DayOf(w.GradedAt).Year}〕{w.Id}号" + w.State switch
        {
            WarningState.Draft => "（草稿）",
            WarningState.Lifted => "（已解除）",
            _ => "",
        };
        var document = new OfficialDocument($"关于发布{w.Name}的通知", redHeader: $"{w.Issuer}文件", number: number)
            .Recipients(w.Audiences);
        // 001 §3.4: 预警信息包括疫情概况、预警级别、警示事项、应采取的措施、起始时间和发布机关等.
        foreach (var field in rules?.ContentFields ?? ["疫情概况", "预警级别", "警示事项", "应采取的措施", "起始时间", "发布机关"])
        {
            document.Section(field, field switch
            {
                "疫情概况" => w.Overview,
                "预警级别" => level?.Name ?? w.Level.ToChinese() + "预警",
                "警示事项" => w.Warnings,
                "应采取的措施" => w.Measures,
                "起始时间" => Period(w, plan),
                "发布机关" => w.Issuer,
                _ => "（本平台未记录此项，请补充。）",
            });
        }
        if (w.Channels.Count > 0) document.Text($"发布形式：{string.Join("、", w.Channels)}。");
        if (w.RepeatCount > 0 && w.LastRepeatedAt is { } repeated) document.Text($"本预警已重复发布{w.RepeatCount}次，最近一次于 {ChinaTime.Format(repeated)}。");
        if (w.State == WarningState.Lifted && w.LiftedAt is { } lifted) document.Text($"本预警已于 {ChinaTime.Format(lifted)} 解除：{w.LiftReason}");
        return document.Signature(w.Issuer, ChinaTime.DayOf(w.IssuedAt ?? w.DraftedAt)).CopyTo("抄报", copyTo).ToBytes();
    }

    /// <summary>"自2020年11月20日10时起至2020年12月31日止" (the stored end is the first instant after the last day).</summary>
    public static string Period(WarningNotice w, Plan plan)
    {
        var start = ChinaTime.ToChina(w.StartsAt);
        var from = $"自{start:yyyy年M月d日H时}起";
        if (w.EndsAt is not { } end) return from + "。";
        var last = ChinaTime.DayOf(end.AddTicks(-1));
        var yearEnd = plan.Warning is { Duration: { } duration } rules && end == WarningService.DefaultEnd(rules, w.GradedAt) ? $"（{duration.Text.TrimEnd('。')}）" : "";
        return $"{from}至{last:yyyy年M月d日}止{yearEnd}。";
    }
}
