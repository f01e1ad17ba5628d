from shop.errors import ImportFailed, ValidationError


def parse_quantity(row):
    return int(row["quantity"])


def validate(row):
    problems = []
    if not row.get("email"):
        problems.append(("email", "field required"))
    if int(row["quantity"]) <= 0:
        problems.append(("quantity", "ensure this value is greater than 0"))
    if problems:
        raise ValidationError("OrderRow", problems)


def import_rows(rows):
    errors = []
    for number, row in enumerate(rows, start=1):
        try:
            validate(row)
        except ValidationError as exc:
            exc.add_note(f"row {number}")
            errors.append(exc)
    if errors:
        raise ExceptionGroup(f"{len(errors)} rows failed validation", errors)


def import_file(name, rows):
    try:
        import_rows(rows)
    except ExceptionGroup as group:
        raise ImportFailed(f"{name}: nothing imported") from group


def read_quantities(name, rows):
    totals = []
    for number, row in enumerate(rows, start=1):
        try:
            totals.append(parse_quantity(row))
        except ValueError as exc:
            exc.add_note(f"{name}, row {number}")
            exc.add_note("column: quantity")
            raise
    return totals
