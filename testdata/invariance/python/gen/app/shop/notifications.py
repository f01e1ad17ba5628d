import courier


def _sms_transport(method, url, body):
    return body["status"], None


_sms = courier.Session("https://sms.example.org/v2/", _sms_transport)


def send_sms(phone, text, status):
    return _sms.post("/messages", json={"to": phone, "text": text, "status": status})
