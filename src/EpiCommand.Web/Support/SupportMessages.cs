using EpiCommand.Data.Response;
using EpiCommand.Domain.Support;

namespace EpiCommand.Web.Platform;

public static partial class Messages
{
    public static Text SupportKindName(SupportKind kind) => kind switch
    {
        SupportKind.ExpertsRemote => new("医疗救治专家（远程指导）", "Treatment experts (remote)"),
        SupportKind.ExpertsOnSite => new("医疗救治专家（现场指导）", "Treatment experts (on site)"),
        SupportKind.EpiTeam => new("流行病学调查机动队", "Epidemiological investigation team"),
        SupportKind.PcrLab => new("移动核酸检测实验室和检测队伍", "Mobile PCR lab and testing team"),
        SupportKind.SocialControl => new("社会管控支援队伍", "Social-control team"),
        SupportKind.MedicalMaterials => new("医疗防控物资", "Medical materials"),
        SupportKind.LivingNecessities => new("生活必需品", "Living necessities"),
        SupportKind.MarketSupervision => new("市场监督专项组", "Market-supervision team"),
        SupportKind.Transport => new("运输保障", "Transport"),
        _ => new("自治区机动支援力量", "The region's mobile forces"),
    };

    public static Text SupportStateName(SupportState state) => state switch
    {
        SupportState.Submitted => new("待答复", "Submitted"),
        SupportState.Accepted => new("已同意", "Accepted"),
        SupportState.PartlyAccepted => new("部分同意", "Partly accepted"),
        SupportState.Declined => new("不予支援", "Declined"),
        SupportState.Dispatched => new("已调派", "Dispatched"),
        _ => new("已接收", "Received"),
    };

    public static Text SupportAskersOnly => new("只有指挥部或系统管理员可以提出支援申请。", "Only the headquarters or an administrator may ask for support.");
    public static Text SupportCityOnly => new("支援申请由市指挥部各工作组答复、调派和上报自治区。", "Support requests are answered, dispatched and escalated by the city headquarters' working groups.");
    public static Text SupportReceiverOnly => new("只有申请支援的旗县市区指挥部可以确认接收。", "Only the requesting county's headquarters may confirm receipt.");
    public static Text SupportCountyOnly => new("支援申请由旗县市区提出：请选择一个旗县市区。", "Support is asked for by a county: choose a county.");
    public static Text SupportNoRoute(string kind) => new($"预案没有规定由哪个工作组答复“{kind}”的支援申请。", $"The plan names no working group for '{kind}' requests.");
    public static Text NoSuchSupportRequest(long id) => new($"没有编号为 {id} 的支援申请。", $"There is no support request {id}.");
    public static Text SupportAlreadyAnswered => new("该支援申请已被答复（可能刚被其他人处理），请刷新后查看。", "The request has already been answered (perhaps just now by someone else); reload to see.");
    public static Text SupportNotAccepted => new("只有已同意或部分同意、尚未调派的支援申请可以调派。", "Only an accepted or partly accepted request not yet dispatched can be dispatched.");
    public static Text SupportNotDispatched => new("只有已调派、尚未接收的支援申请可以确认接收。", "Only a dispatched request not yet received can be confirmed as received.");
    public static Text SupportNothingToEscalate => new("只有部分同意或不予支援、尚未上报的申请可以上报自治区。", "Only a partly accepted or declined request not yet escalated can go to the region.");
    public static Text SupportDecisionKinds(string? text) => OneOf(text ?? "", "accept, partial, decline");
    public static Text SupportLinesRequired => new("物资类申请须列出物资和数量。", "A materials request lists its items and quantities.");
    public static Text SupportNoLinesForTeams => new("队伍、专家和运输类申请不列物资，只填数量。", "A team, expert or transport request lists no items, only a quantity.");
    public static Text SupportItemTwice => new("同一物资只能列一次。", "Each item once.");
    public static Text SupportLivingItemsOnly => new("生活必需品申请只能列生活物资类目录物资。", "A living-necessities request lists living items of the catalogue only.");
    public static Text SupportMedicalItemsOnly => new("医疗防控物资申请不能列生活物资。", "A medical-materials request lists no living items.");
    public static Text SupportNeededByPast => new("需要时间不能早于现在。", "The time needed cannot lie in the past.");
    public static Text SupportReasonRequired => new("请说明理由。", "Give a reason.");
    public static Text SupportPartialBelow(int asked) => new($"部分同意的数量须在 0 到 {asked} 之间且低于申请数量。", $"A partial acceptance is between 0 and {asked} and below what was asked.");
    public static Text SupportPartialNothingLess => new("部分同意须至少有一项低于申请数量（全部同意请选“同意”）。", "A partial acceptance accepts less of at least one item (choose accept for all of it).");
    public static Text SupportPartialNothing => new("部分同意须至少同意一部分（全部不同意请选“不予支援”）。", "A partial acceptance accepts some of it (choose decline for none).");
    public static Text SupportNotALine => new("该物资不在本申请中。", "That item is not part of this request.");
    public static Text SupportBeyondAccepted(int accepted) => new($"调派数量超过同意数量（{accepted}）。", $"More than the accepted quantity ({accepted}).");
    public static Text SupportOwnDepot => new("不能从申请地区自己的储备库调派。", "Not from a depot of the requesting county itself.");
    public static Text SupportNothingShipped => new("请至少调派一项物资。", "Ship at least one item.");
    public static Text SupportNoShipmentsForTeams => new("队伍、专家和运输类支援不从储备库出库。", "Teams, experts and transport are not issued from depots.");
    public static Text SupportReceivingDepot => new("请选择本旗县市区的接收储备库。", "Choose a depot of the requesting county to receive into.");
    public static Text SupportDispatchReason => new("应急支援调派", "Emergency support dispatch");
    public static Text SupportReceiptReason => new("应急支援接收", "Emergency support received");
    public static Text SupportUnmetReason => new("市级储备不足，可上报自治区申请调拨（000 §三(四)4）。", "The city's reserves fall short; may go to the region (000 §三(四)4).");
    public static Text SupportNotInAllocation(long id) => new($"支援申请 {id} 不是待调派的物资申请。", $"Support request {id} is not a materials request waiting for dispatch.");
    public static Text SupportOwnTeam(string team) => new($"“{team}”是申请地区自己的队伍，不能派往本地区。", $"'{team}' is the requesting county's own team.");
    public static Text SupportNoSuchTeam(int id) => new($"本辖区的队伍登记中没有编号为 {id} 的队伍。", $"There is no team {id} in this jurisdiction's register.");
    public static Text SupportTeamTwice(string team) => new($"“{team}”列了不止一次。", $"'{team}' is listed more than once.");
    public static Text SupportTeamNobodyOnDuty(string team) => new($"“{team}”没有在岗人员，不能派出。", $"'{team}' has nobody on duty to send.");
    public static Text SupportTooManyTeams(int max) => new($"一次最多派出 {max} 支队伍。", $"At most {max} teams per dispatch.");
    public static Text SupportArrivalBeforeDeparture => new("预计到达时间须晚于出发时间。", "The expected arrival must be after the departure.");
    public static Text SupportRegionOnly => new("上报自治区的支援由自治区指挥部答复。", "What was escalated is answered by the autonomous region's headquarters.");
    public static Text SupportNotEscalated => new("该申请尚未上报自治区。", "This request was not escalated to the region.");
    public static Text SupportRegionAnswered => new("自治区已答复该申请。", "The region has already answered this request.");
    public static Text SupportCityResponseRequired(string kind, string clause, IReadOnlyList<string> levels, string? inForce) => new(
        $"按照分级保障的原则（{clause}），市级疫情防控响应为{string.Join("、", levels.Select(l => l + "级"))}时调配“{kind}”；当前市级响应：{(inForce is null ? "未启动" : inForce + "级")}。可不予支援并上报自治区。",
        $"By the plan's graded support ({clause}), the city grants '{kind}' while its response is at level {string.Join(" or ", levels)}; in force now: {inForce ?? "none"}. Decline it and escalate to the region.");
    public static Text SupportCountyResponseRequired(string kind, string clause, IReadOnlyList<string> levels, string? inForce) => new(
        $"“{kind}”须在本地区疫情防控响应为{string.Join("、", levels.Select(l => l + "级"))}时申请（{clause}）；当前响应：{(inForce is null ? "未启动" : inForce + "级")}。",
        $"'{kind}' is asked for while the county's response is at level {string.Join(" or ", levels)} ({clause}); in force now: {inForce ?? "none"}.");
    public static Text SupportNotASubstitute(string item) => new($"该物资不是本市物资目录中“{item}”的代用品。", $"That item is not an accepted substitute for '{item}' in the city's catalogue.");
    public static Text SubstituteCityOnly => new("代用品目录由市级维护：请选择一个市。", "Substitutes are kept by a city: name a city.");
    public static Text SubstituteSameItem => new("代用品不能是该物资本身。", "A substitute is another item than the one it stands for.");
    public static Text SubstituteUnit(string unit, string other) => new($"代用品按 1:1 代替，计量单位须相同（{unit} / {other}）。", $"A substitute stands one for one: the same unit of measure ({unit} / {other}).");
    public static Text SubstituteCategory => new("生活物资与医疗防控物资不能相互代替。", "Living necessities and medical materials do not stand for each other.");
    public static Text SubstituteExists(string substitute, string item) => new($"本市已接受以“{substitute}”代替“{item}”。", $"The city already accepts '{substitute}' for '{item}'.");
    public static Text NoSuchSubstitute(long id) => new($"没有编号为 {id} 的代用品。", $"There is no substitute {id}.");
    public static Text SupportSevereShortageRequired(string clause) => new(
        $"生活必需品支援须在短期生活必需品供应出现严重困难时申请（{clause}）：请确认并在理由中说明。",
        $"Living necessities are granted when the short-term supply is in severe difficulty ({clause}): confirm it and say why in the reason.");
}

public static partial class Messages
{
    public static Text SupportOfferStateName(SupportOfferState state) => state switch
    {
        SupportOfferState.Offered => new("待批准", "Offered"),
        SupportOfferState.Approved => new("已批准", "Approved"),
        SupportOfferState.Withdrawn => new("已撤回", "Withdrawn"),
        _ => new("未批准", "Declined"),
    };

    public static Text SupportOfferCountyOnly => new("互助支援由旗县市区指挥部从本地区储备库提出。", "Mutual aid is offered by a county's headquarters from its own depot.");
    public static Text SupportOfferOwnRequest => new("不能向本地区自己的申请提出互助支援。", "A county does not offer mutual aid to its own request.");
    public static Text SupportOfferMaterialsOnly => new("互助支援只用于物资类申请（医疗防控物资、生活必需品）。", "Mutual aid answers materials requests only (medical materials, living necessities).");
    public static Text SupportOfferClosed => new("该申请已调派、不予支援或已接收，不能再接受互助支援。", "That request is dispatched, declined or received: it takes no more offers.");
    public static Text SupportOfferBeyond(int most) => new($"提供数量不能超过申请（或已同意）的数量 {most}。", $"No more than the {most} asked for (or accepted).");
    public static Text SupportOfferDecided => new("该互助支援已被批准或不予批准（可能刚被其他人处理），请刷新后查看。", "The offer has already been decided (perhaps just now by someone else); reload to see.");
    public static Text NoSuchSupportOffer(long id) => new($"没有编号为 {id} 的互助支援。", $"There is no mutual-aid offer {id}.");
    public static Text SupportOfferReason => new("应急支援互助调出", "Mutual aid issued to another county");
    public static Text SupportOfferDispatchNote(string county, string depot) => new($"互助支援：{county}{depot}调出", $"Mutual aid from {county}, {depot}");

    public static Text VehicleKeepersOnly => new("只有指挥部或系统管理员可以登记运输车辆。", "Only the headquarters or an administrator may register vehicles.");
    public static Text VehicleCapacity(int most) => new($"每趟运力须为 1 至 {most} 升之间的整数。", $"The capacity per trip must be a whole number of litres from 1 to {most}.");
    public static Text VehicleTrips(int most) => new($"每日趟数须为 1 至 {most} 之间的整数。", $"The trips a day must be a whole number from 1 to {most}.");
    public static Text VehicleExists(string plate, string depot) => new($"{depot}已登记车辆 {plate}。", $"{depot} already has vehicle {plate} registered.");
    public static Text NoSuchVehicle(int id) => new($"没有编号为 {id} 的运输车辆。", $"There is no vehicle {id}.");
    public static Text SupportTripVehicle(int id) => new($"车辆 {id} 不在您的管辖范围内或未登记。", $"Vehicle {id} is not registered within your jurisdiction.");
    public static Text SupportTripCount(int most) => new($"趟数须为 1 至 {most} 之间的整数（该车每日趟数）。", $"The trips must be a whole number from 1 to {most} (the vehicle's trips a day).");
    public static Text SupportTripCounty => new("该车次的目的地不是本次调派的申请地区。", "The trip's destination is not a county of this allocation.");
    public static Text SupportOfferWithdrawOwn => new("只有提出互助支援的旗县市区指挥部可以撤回。", "Only the headquarters of the offering county may withdraw its offer.");
}
