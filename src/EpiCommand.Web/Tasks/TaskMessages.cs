using EpiCommand.Data.Response;
using EpiCommand.Domain.Time;

namespace EpiCommand.Web.Platform;

/// <summary>The tasks' refusals (Tasks/TaskService.cs, Tasks/TasksApi.cs).</summary>
public static partial class Messages
{
    public static Text NoSuchTask(long id) => new($"没有编号为 {id} 的任务。", $"There is no task #{id}.");
    public static Text NoSuchAttachment(long id, long updateId) => new($"任务 #{id} 没有编号为 {updateId} 的附件。", $"Task #{id} has no attachment #{updateId}.");
    public static Text ProgressNoteRequired => new("请写明进展情况。", "Describe the progress.");
    public static Text ProgressOutOfRange => new("进度须为 0 到 100 之间的整数（百分比）。", "Progress must be a whole number from 0 to 100 (per cent).");
    public static Text NotAnInteger(string? value) => new($"“{value}”不是整数。", $"'{value}' is not a whole number.");
    public static Text OneFilePerNote => new("每条进展只能附一个文件。", "A progress note may carry one file only.");
    public static Text EmptyAttachment(string name) => new($"附件“{name}”是空文件。", $"The attachment '{name}' is empty.");
    public static Text AttachmentTooLarge(string name, int max) => new($"附件“{name}”超过 {max / 1048576} MB。", $"The attachment '{name}' is larger than {max / 1048576} MB.");
    public static Text UploadTooLarge(int max) => new($"上传内容超过 {max / 1048576} MB。", $"The upload is larger than {max / 1048576} MB.");
    public static Text AttachmentName => new("附件须有文件名，且不超过 200 字。", "The attachment needs a file name of at most 200 characters.");
    public static Text ProgressContentType => new("请以 application/json 或 multipart/form-data（带附件）提交进展。", "Send progress as application/json, or as multipart/form-data with a file.");
    public static Text DefaultDeadlineNotAllowed => new("只有指挥部可以设定任务的默认时限。", "Only headquarters may set the tasks' default deadline.");
    public static Text DefaultDeadlineCountyOrAbove => new("默认时限按旗县（市、区）或市设定。", "A default deadline is set for a county or the city.");
    public static Text DefaultDeadlineHours(int max) => new($"默认时限须为 1 到 {max} 小时之间的整数。", $"The default deadline is a whole number of hours from 1 to {max}.");
    public static Text PressNotAllowed => new("只有指挥部可以督办任务。", "Only headquarters may press a task.");
    public static Text TaskReportNotAllowed(string unit) => new($"只有{unit}或指挥部可以报告此任务的进展。", $"Only {unit} or headquarters may report on this task.");
    public static Text TaskChangedMeanwhile(long id) => new($"任务 #{id} 已被他人更新（督办或进展），请刷新后重试。", $"Task #{id} was updated by someone else (pressed or reported); refresh and try again.");
    public static Text NothingToPress(ResponseTask task) => new($"任务 #{task.Id} {TaskState(task).Zh}，无需督办。", $"Task #{task.Id} {TaskState(task).En}; there is nothing to press.");
    public static Text TaskNoLongerOpen(ResponseTask task) => new($"任务 #{task.Id} {TaskState(task).Zh}，不能再报告进展。", $"Task #{task.Id} {TaskState(task).En}; progress can no longer be reported.");

    /// <summary>Why a task is no longer open to changes, in words.</summary>
    public static Text TaskState(ResponseTask task) => task.State switch
    {
        EpiCommand.Data.Response.TaskState.Done => new($"已于 {ChinaTime.Format(task.DoneAt ?? default)} 由 {task.DoneBy} 完成", $"was done by {task.DoneBy} at {ChinaTime.Format(task.DoneAt ?? default)}"),
        EpiCommand.Data.Response.TaskState.Closed => new($"已关闭（{task.ClosedReason}）", $"is closed ({task.ClosedReason})"),
        EpiCommand.Data.Response.TaskState.Cancelled => new($"已取消（{task.ClosedReason}）", $"is cancelled ({task.ClosedReason})"),
        _ => new("尚未完成", "is not done yet"),
    };
    public static Text BulkPressNeedsMeasureOrUnit => new("请指定要督办的措施或责任单位。", "Name the measure or the unit whose overdue tasks to press.");
    public static Text TasksChangedMeanwhile => new("部分任务已被他人更新，请刷新后再督办。", "Some of the tasks were changed meanwhile; reload and press again.");
}
