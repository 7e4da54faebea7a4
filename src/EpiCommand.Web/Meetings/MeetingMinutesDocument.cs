using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Documents;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Meetings;

/// <summary>
/// The record of a coordination meeting as a 会议纪要 (002 §五(一)): the title "…协调会议纪要", the meeting (time, place, who called it),
/// the units attending, the minutes, and the decisions (议定事项) numbered, each with its responsible unit and deadline; signed by the
/// headquarters office and copied to the units attending.
/// </summary>
public static class MeetingMinutesDocument
{
    public static async Task<byte[]> BuildAsync(AppDbContext db, Meeting meeting, CancellationToken ct)
    {
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == meeting.RegionCode, ct);
        var hq = await db.Headquarters.AsNoTracking().Where(h => h.RegionCode == meeting.RegionCode).OrderBy(h => h.Id)
            .Select(h => new { h.Name, h.OfficeName }).FirstOrDefaultAsync(ct);
        var headquarters = hq?.Name ?? $"{region.Name}新冠肺炎疫情防控工作指挥部";
        var signedBy = hq?.OfficeName is { } office ? headquarters + office : headquarters;
        var personIds = meeting.Attendees.Where(a => a.PersonId != null).Select(a => a.PersonId!.Value).ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var units = meeting.Attendees.GroupBy(a => a.Unit).Select(g =>
        {
            var names = g.Where(a => a.PersonId is { } id && people.ContainsKey(id)).Select(a => people[a.PersonId!.Value]).ToList();
            return names.Count == 0 ? g.Key : $"{g.Key}（{string.Join("、", names)}）";
        }).ToList();

        var start = ChinaTime.ToChina(meeting.StartsAt);
        var document = new OfficialDocument($"{headquarters}协调会议纪要", number: $"第 {meeting.Id} 期");
        document.Text($"{start.Year}年{start.Month}月{start.Day}日{start:HH:mm}，{meeting.CalledBy}提出召开疫情联防联控协调会议（{MeetingService.Clause}），" +
                      $"{(meeting.Online ? "以线上方式" : "在" + meeting.Place)}召开{(meeting.Online ? "（" + meeting.Place + "）" : "")}，议题为“{meeting.Topic}”。现将会议议定事项纪要如下：");
        document.Section("参会单位", string.Join("、", units) + "。");
        document.Section("会议情况", meeting.State == MeetingState.Held ? meeting.Minutes : meeting.State == MeetingState.Cancelled ? $"会议已取消：{meeting.CancelReason}" : "会议尚未召开。");
        var decisions = meeting.Decisions.OrderBy(d => d.Number).ToList();
        document.Section("议定事项", decisions.Count == 0 ? "本次会议无议定事项。"
            : string.Join("\n", decisions.Select(d => $"（{d.Number}）{d.Text.Trim().TrimEnd('。')}。责任单位：{d.Unit}；完成时限：{ChinaTime.Format(d.DueAt)}。")));
        document.Signature(signedBy, ChinaTime.DayOf(meeting.RecordedAt ?? meeting.StartsAt));
        document.CopyTo("抄送", meeting.Attendees.Select(a => a.Unit).Distinct());
        return document.ToBytes();
    }
}
