/// The error codes of the case machine's decisions (高效处置一件事): what a command's input or the case's state does
/// not allow. Conflicts of state are decided in one place as well (`CaseMachine.stateConflict`).
extension CaseError {
    /// 400 `case.<field>_required` — a reason or note the step needs (`reject` needs a reason, `askLinkage` a note …).
    public static func textRequired(_ field: String, for action: CaseAction) -> DomainError {
        .invalid("case.\(field)_required", "To \(action.rawValue) a case, give a \(field) saying why.", field: field)
    }
    /// 422 `case.merge_into_self`
    public static let mergeIntoSelf = DomainError.unprocessable(
        "case.merge_into_self", "A case cannot be merged into itself: give the number of the open case it duplicates.", field: "into")
    /// 422 `case.lead_is_cohandler`
    public static let leadIsCoHandler = DomainError.unprocessable(
        "case.lead_is_cohandler", "The lead department cannot also be a co-handler: remove it from coHandlers.", field: "coHandlers")
    /// 400 `case.invalid_score`
    public static let invalidScore = DomainError.invalid(
        "case.invalid_score", "A rating is a whole number from 1 (very unsatisfied) to 5 (very satisfied).", field: "score")
    /// 400 `case.invalid_extension`
    public static func invalidExtension(maxHours: Double) -> DomainError {
        .invalid("case.invalid_extension", "Ask for between 1 and \(Int(maxHours)) hours of extension.", field: "hours")
    }
    /// 422 `case.invalid_escalation`
    public static let invalidEscalation = DomainError.unprocessable(
        "case.invalid_escalation", "A case escalates to a node above the one now responsible for it (committee → street → district → city).", field: "to")
    /// 422 `department.not_found` — a department a step names.
    public static func departmentNotFound(_ id: DepartmentID, field: String) -> DomainError {
        .unprocessable("department.not_found", "Department \(id) does not exist.", field: field)
    }
    /// 422 `department.out_of_area`
    /// 422 `department.not_the_company` — a property company's unit takes only the cases of the compounds it serves.
    public static func notTheCompany(_ id: DepartmentID, of record: CaseRecord, field: String) -> DomainError {
        .unprocessable("department.not_the_company",
                       "Department \(id) is a property company's, and case \(record.number) is not in a compound it serves: choose the compound's company or a public service.",
                       field: field)
    }
    public static func departmentOutOfArea(_ id: DepartmentID, of record: CaseRecord, field: String) -> DomainError {
        .unprocessable("department.out_of_area", "Department \(id) does not serve the area of case \(record.number): choose a department of its street, district or city.", field: field)
    }
    /// 422 `department.not_for_cases` — a unit with work of its own (a street's 社区事务受理服务中心) takes no cases.
    public static func departmentNotForCases(_ id: DepartmentID, field: String) -> DomainError {
        .unprocessable("department.not_for_cases", "Department \(id) takes no cases (a street's community-affairs service centre): choose a department that handles city problems.", field: field)
    }
    /// 422 `department.no_handling_power` — a diverted 110 call goes only to a department with the power (处置权).
    public static func noHandlingPower(_ id: DepartmentID, of record: CaseRecord) -> DomainError {
        .unprocessable("department.no_handling_power", "Department \(id) holds no handling power (处置权) for category \(record.categoryID): choose a department that does, add the power in /api/v1/handling-powers, or return the call to the police.", field: "lead")
    }

    // The joint practices: self-handling, call-ins, three-level linkage, consultations, video review.

    /// 403 `case.self_handle_not_allowed`
    public static let selfHandleNotAllowed = DomainError.forbidden(
        "case.self_handle_not_allowed", "Only the station chief or a community worker of the committee where the problem lies records it as self-handled.")
    /// 400 `case.call_in_empty`
    public static let callInEmpty = DomainError.invalid("case.call_in_empty", "Name at least one department to call in.", field: "departments")
    /// 400 `case.invalid_time_limit`
    public static func invalidTimeLimit(maxHours: Double) -> DomainError {
        .invalid("case.invalid_time_limit", "Give the called-in departments a time limit of 1 to \(Int(maxHours)) hours.", field: "hours")
    }
    /// 422 `case.already_involved`
    public static func alreadyInvolved(_ id: DepartmentID, index: Int) -> DomainError {
        .unprocessable("case.already_involved", "Department \(id) already takes part in this case.", field: "departments[\(index)]")
    }
    /// 422 `case.not_called_in`
    public static func notCalledIn(_ id: DepartmentID, of record: CaseRecord, index: Int) -> DomainError {
        .unprocessable("case.not_called_in", "Department \(id) has no open call-in on case \(record.number) to release.", field: "departments[\(index)]")
    }
    /// 422 `case.after_photo_required`
    public static func afterPhotoRequired(_ record: CaseRecord) -> DomainError {
        .unprocessable("case.after_photo_required", "A self-handled case closes only with an after photo: upload it with POST /api/v1/cases/\(record.id)/attachments and name it in attachmentIds.", field: "attachmentIds")
    }
    /// 422 `case.after_photo_needed` — the category's report back carries a photo of the result.
    public static func afterPhotoNeeded(_ record: CaseRecord) -> DomainError {
        .unprocessable("case.after_photo_needed", "A report back of category \(record.categoryID) needs a photo of the result: upload it with POST /api/v1/cases/\(record.id)/attachments and name it in attachmentIds.", field: "attachmentIds")
    }
    /// 409 `case.linkage_top` — the deployment's highest level of three-level linkage is reached.
    public static func linkageTop(_ record: CaseRecord, level: Int) -> DomainError {
        .conflict("case.linkage_top", "Case \(record.number) is already at level \(level) (\(Linkage.name(of: level))), the highest this deployment allows.")
    }
    /// 400 `case.consultation_in_future`
    public static let consultationInFuture = DomainError.invalid(
        "case.consultation_in_future", "Record a consultation after it was held: heldAt is in the future.", field: "heldAt")
    /// 400 `case.attendees_required`
    public static let attendeesRequired = DomainError.invalid("case.attendees_required", "List the units present at the consultation (attendees).", field: "attendees")
    /// 400 `case.task_required`
    public static func taskRequired(index: Int) -> DomainError {
        .invalid("case.task_required", "Say what the owner must do.", field: "tasks[\(index)].task")
    }
    /// 400 `case.task_due_past`
    public static func taskDuePast(index: Int) -> DomainError {
        .invalid("case.task_due_past", "A task's deadline must lie in the future.", field: "tasks[\(index)].dueAt")
    }
    /// 422 `case.task_not_found`
    public static func taskNotFound(_ id: Int, of record: CaseRecord) -> DomainError {
        .unprocessable("case.task_not_found", "Case \(record.number) has no consultation task \(id).", field: "task")
    }
    /// 409 `case.task_done`
    public static func taskDone(_ id: Int, of record: CaseRecord) -> DomainError {
        .conflict("case.task_done", "Task \(id) of case \(record.number) is already done.")
    }
    /// 403 `case.not_task_owner`
    public static func notTaskOwner(_ id: Int, department: DepartmentID) -> DomainError {
        .forbidden("case.not_task_owner", "Only a handler of department \(department) or the centre that convened the consultation may complete task \(id).")
    }
    /// 403 `case.on_site_needs_inspector`
    public static let onSiteNeedsInspector = DomainError.forbidden(
        "case.on_site_needs_inspector", "On-site verification is done by a grid inspector over the case's area; a duty officer may verify by video review (method \"video\" with a cameraId).")
    /// 400 `case.camera_required`
    public static let cameraRequired = DomainError.invalid("case.camera_required", "Video review names the camera: give cameraId.", field: "cameraId")
    /// 422 `camera.inactive`
    public static func cameraInactive(_ camera: Camera) -> DomainError {
        .unprocessable("camera.inactive", "Camera \(camera.code) is out of service; verify on site or choose another camera.", field: "cameraId")
    }
    /// 422 `camera.out_of_range`
    public static func cameraOutOfRange(_ camera: Camera, of record: CaseRecord, metres: Double) -> DomainError {
        .unprocessable("camera.out_of_range", "Camera \(camera.code) does not cover the place of case \(record.number) (more than \(Int(metres)) m away); choose a camera nearer the place or verify on site.", field: "cameraId")
    }
    /// 422 `case.snapshot_required`
    public static let snapshotRequired = DomainError.unprocessable(
        "case.snapshot_required", "Video review keeps a snapshot from the camera: upload it and name it in attachmentIds.", field: "attachmentIds")
    /// 403 `case.not_allowed` — the role or the scope does not allow the step (`who` says who may).
    public static func notAllowed(_ action: CaseAction, on record: CaseRecord, who: String) -> DomainError {
        .forbidden("case.not_allowed", "You may not \(action.rawValue) case \(record.number): only \(who) may.")
    }

    // Conflicts of state: what the case's state does not allow now (decided in `CaseMachine.stateConflict`).

    /// 409 `case.invalid_transition` — `allowed` lists the states the step needs.
    public static func invalidTransition(_ action: CaseAction, _ record: CaseRecord, allowed: String) -> DomainError {
        .conflict("case.invalid_transition", "Case \(record.number) is \(record.state.rawValue); \(action.rawValue) is possible only when it is \(allowed).")
    }
    /// 409 `case.suspended`
    public static func suspended(_ record: CaseRecord, action: CaseAction) -> DomainError {
        .conflict("case.suspended", "Case \(record.number) is suspended: resume it before you \(action.rawValue) it.")
    }
    /// 409 `case.extension_pending`
    public static func extensionPending(_ record: CaseRecord) -> DomainError {
        .conflict("case.extension_pending", "An extension request for case \(record.number) is already waiting for a leader's decision.")
    }
    /// 409 `case.no_extension_pending`
    public static func noExtensionPending(_ record: CaseRecord) -> DomainError {
        .conflict("case.no_extension_pending", "Case \(record.number) has no extension request waiting for a decision.")
    }
    /// 422 `case.review_date` — a parked case's review date must fall after today and within `LoopPolicy.maxParkingDays`.
    public static func reviewDate(_ date: LocalDate, today: LocalDate) -> DomainError {
        .unprocessable("case.review_date", "The review date \(date) must fall after today (\(today)) and at most \(LoopPolicy.maxParkingDays) days ahead.", field: "reviewOn")
    }
    /// 409 `case.not_suspended`
    public static func notSuspended(_ record: CaseRecord) -> DomainError {
        .conflict("case.not_suspended", "Case \(record.number) is not suspended.")
    }
    /// 409 `case.escalated_to_top`
    public static func escalatedToTop(_ record: CaseRecord) -> DomainError {
        .conflict("case.escalated_to_top", "Case \(record.number) is already escalated to the city.")
    }
    /// 409 `case.call_ins_open` — `names` are the called-in departments still open.
    public static func callInsOpen(_ record: CaseRecord, names: String) -> DomainError {
        .conflict("case.call_ins_open", "Case \(record.number) cannot close while called-in departments (\(names)) have neither answered nor been released.")
    }
    /// 409 `case.tasks_open` — `tasks` are the open consultation tasks' ids.
    public static func tasksOpen(_ record: CaseRecord, tasks: String) -> DomainError {
        .conflict("case.tasks_open", "Case \(record.number) cannot close before the consultation tasks \(tasks) are done.")
    }
    /// 409 `case.not_self_handled`
    public static func notSelfHandled(_ record: CaseRecord) -> DomainError {
        .conflict("case.not_self_handled", "Case \(record.number) was not recorded as self-handled; it closes through verification.")
    }
    /// 409 `case.arbitration_pending`
    public static func arbitrationPending(_ record: CaseRecord) -> DomainError {
        .conflict("case.arbitration_pending", "Case \(record.number) was returned \(record.returnCount) times: the centre must arbitrate (action arbitrate) and its decision binds.")
    }
    /// 409 `case.no_arbitration`
    public static func noArbitration(_ record: CaseRecord) -> DomainError {
        .conflict("case.no_arbitration", "Case \(record.number) is not waiting for arbitration; dispatch it normally.")
    }
    /// 409 `case.dispatch_binding`
    public static func dispatchBinding(_ record: CaseRecord) -> DomainError {
        .conflict("case.dispatch_binding", "The centre's arbitration of case \(record.number) binds: it cannot be returned. Ask for an extension or call in other departments instead.")
    }
    /// 409 `case.no_call_ins`
    public static func noCallIns(_ record: CaseRecord) -> DomainError {
        .conflict("case.no_call_ins", "Case \(record.number) has no called-in department to release.")
    }
    /// 409 `case.not_linked`
    public static func notLinked(_ record: CaseRecord) -> DomainError {
        .conflict("case.not_linked", "Case \(record.number) has not been taken up to the street centre: the level below asks first (askLinkage).")
    }
    /// 409 `case.no_open_tasks`
    public static func noOpenTasks(_ record: CaseRecord) -> DomainError {
        .conflict("case.no_open_tasks", "Case \(record.number) has no open consultation task.")
    }
    /// 409 `case.not_police_call`
    public static func notPoliceCall(_ record: CaseRecord) -> DomainError {
        .conflict("case.not_police_call", "Only a diverted 110 call can be returned to the police; case \(record.number) came from \(record.source.rawValue).")
    }
    /// 409 `case.linkage_top` — at the city, the top of any deployment.
    public static func linkageAtCity(_ record: CaseRecord) -> DomainError {
        .conflict("case.linkage_top", "Case \(record.number) is already at the city.")
    }
}
