"""How personal numbers look in lists: enough to recognise, not enough to use."""


def mask_phone(phone: str) -> str:
    """13812341234 -> 138****1234."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


def mask_id_number(id_number: str) -> str:
    """370102199001011234 -> 3701**********1234."""
    if len(id_number) < 8:
        return "*" * len(id_number)
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]


def mask_name(name: str) -> str:
    """张三丰 -> 张**; a longer (company) name keeps two characters."""
    if not name:
        return ""
    keep = 2 if len(name) > 4 else 1
    return name[:keep] + "*" * min(len(name) - keep, 6)
