using MudBlazor;

namespace EpiCommand.Web.Platform;

/// <summary>
/// One question before an irreversible or public action (issue a warning, approve a response, lift a zone, mark a case cured):
/// it says what will happen, and nothing happens unless the user agrees.
/// </summary>
public static class Confirmations
{
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string consequence, string yes) =>
        await dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = title, Message = consequence, YesText = yes, CancelText = Ui.T("取消", "Cancel"),
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true }) == true;
}
