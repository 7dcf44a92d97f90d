extension CaseCommand {
    /// Checks the free text a command carries against `InputLimits`: notes and reasons, a consultation's decision,
    /// attendees and tasks.
    /// - Throws: `DomainError` 400 `input.too_long`, `input.control_character` or `input.too_many`, naming the field.
    public func checkInput() throws(DomainError) {
        switch self {
        case .accept(let note), .merge(_, let note), .dispatch(_, _, let note), .returnDispatch(_, let note), .start(let note),
            .verify(_, let note, _, _), .close(let note), .rate(_, let note), .approveExtension(let note), .refuseExtension(let note),
            .resume(let note), .supervise(let note), .release(_, let note):
            try InputLimits.check(note, field: "note", max: InputLimits.note, multiline: true)
        case .reportBack(let note), .feedback(let note), .selfClose(let note), .askLinkage(_, let note), .completeTask(_, let note),
            .arbitrate(_, _, let note), .redo(let note), .urge(let note):
            try InputLimits.check(note, field: "note", max: InputLimits.note, multiline: true)
        case .reject(let reason), .requestExtension(_, let reason), .suspend(let reason), .escalate(_, _, let reason), .callIn(_, let reason, _),
            .returnToPolice(let reason), .park(let reason, _):
            try InputLimits.check(reason, field: "reason", max: InputLimits.note, multiline: true)
        case .consult(_, let attendees, let decision, let tasks):
            try InputLimits.check(decision, field: "decision", max: InputLimits.description, multiline: true)
            try InputLimits.check(count: attendees.count, field: "attendees")
            for (i, unit) in attendees.enumerated() { try InputLimits.check(unit, field: "attendees[\(i)]", max: InputLimits.label) }
            try InputLimits.check(count: tasks.count, field: "tasks")
            for (i, task) in tasks.enumerated() { try InputLimits.check(task.task, field: "tasks[\(i)].task", max: InputLimits.item, multiline: true) }
        }
    }
}
