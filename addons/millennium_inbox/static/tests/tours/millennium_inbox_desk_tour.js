import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";

// A collective PDF of 12 one-page invoices (FV/1/2026 ... FV/12/2026).
const COLLECTIVE_PDF_BASE64 =
    "JVBERi0xLjMKJZOMi54gUmVwb3J0TGFiIEdlbmVyYXRlZCBQREYgZG9jdW1lbnQgaHR0cDovL3d3dy5yZXBvcnRsYWIuY29tCjEgMCBvYmoKPDwKL0YxIDIgMCBSCj4+CmVuZG9iagoyIDAgb2JqCjw8Ci9CYXNlRm9udCAvSGVsdmV0aWNhIC9FbmNvZGluZyAvV2luQW5zaUVuY29kaW5nIC9OYW1lIC9GMSAvU3VidHlwZSAvVHlwZTEgL1R5cGUgL0ZvbnQKPj4KZW5kb2JqCjMgMCBvYmoKPDwKL0NvbnRlbnRzIDE4IDAgUiAvTWVkaWFCb3ggWyAwIDAgNTk1LjI3NTYgODQxLjg4OTggXSAvUGFyZW50IDE3IDAgUiAvUmVzb3VyY2VzIDw8Ci9Gb250IDEgMCBSIC9Qcm9jU2V0IFsgL1BERiAvVGV4dCAvSW1hZ2VCIC9JbWFnZUMgL0ltYWdlSSBdCj4+IC9Sb3RhdGUgMCAvVHJhbnMgPDwKCj4+IAogIC9UeXBlIC9QYWdlCj4+CmVuZG9iago0IDAgb2JqCjw8Ci9Db250ZW50cyAxOSAwIFIgL01lZGlhQm94IFsgMCAwIDU5NS4yNzU2IDg0MS44ODk4IF0gL1BhcmVudCAxNyAwIFIgL1Jlc291cmNlcyA8PAovRm9udCAxIDAgUiAvUHJvY1NldCBbIC9QREYgL1RleHQgL0ltYWdlQiAvSW1hZ2VDIC9JbWFnZUkgXQo+PiAvUm90YXRlIDAgL1RyYW5zIDw8Cgo+PiAKICAvVHlwZSAvUGFnZQo+PgplbmRvYmoKNSAwIG9iago8PAovQ29udGVudHMgMjAgMCBSIC9NZWRpYUJveCBbIDAgMCA1OTUuMjc1NiA4NDEuODg5OCBdIC9QYXJlbnQgMTcgMCBSIC9SZXNvdXJjZXMgPDwKL0ZvbnQgMSAwIFIgL1Byb2NTZXQgWyAvUERGIC9UZXh0IC9JbWFnZUIgL0ltYWdlQyAvSW1hZ2VJIF0KPj4gL1JvdGF0ZSAwIC9UcmFucyA8PAoKPj4gCiAgL1R5cGUgL1BhZ2UKPj4KZW5kb2JqCjYgMCBvYmoKPDwKL0NvbnRlbnRzIDIxIDAgUiAvTWVkaWFCb3ggWyAwIDAgNTk1LjI3NTYgODQxLjg4OTggXSAvUGFyZW50IDE3IDAgUiAvUmVzb3VyY2VzIDw8Ci9Gb250IDEgMCBSIC9Qcm9jU2V0IFsgL1BERiAvVGV4dCAvSW1hZ2VCIC9JbWFnZUMgL0ltYWdlSSBdCj4+IC9Sb3RhdGUgMCAvVHJhbnMgPDwKCj4+IAogIC9UeXBlIC9QYWdlCj4+CmVuZG9iago3IDAgb2JqCjw8Ci9Db250ZW50cyAyMiAwIFIgL01lZGlhQm94IFsgMCAwIDU5NS4yNzU2IDg0MS44ODk4IF0gL1BhcmVudCAxNyAwIFIgL1Jlc291cmNlcyA8PAovRm9udCAxIDAgUiAvUHJvY1NldCBbIC9QREYgL1RleHQgL0ltYWdlQiAvSW1hZ2VDIC9JbWFnZUkgXQo+PiAvUm90YXRlIDAgL1RyYW5zIDw8Cgo+PiAKICAvVHlwZSAvUGFnZQo+PgplbmRvYmoKOCAwIG9iago8PAovQ29udGVudHMgMjMgMCBSIC9NZWRpYUJveCBbIDAgMCA1OTUuMjc1NiA4NDEuODg5OCBdIC9QYXJlbnQgMTcgMCBSIC9SZXNvdXJjZXMgPDwKL0ZvbnQgMSAwIFIgL1Byb2NTZXQgWyAvUERGIC9UZXh0IC9JbWFnZUIgL0ltYWdlQyAvSW1hZ2VJIF0KPj4gL1JvdGF0ZSAwIC9UcmFucyA8PAoKPj4gCiAgL1R5cGUgL1BhZ2UKPj4KZW5kb2JqCjkgMCBvYmoKPDwKL0NvbnRlbnRzIDI0IDAgUiAvTWVkaWFCb3ggWyAwIDAgNTk1LjI3NTYgODQxLjg4OTggXSAvUGFyZW50IDE3IDAgUiAvUmVzb3VyY2VzIDw8Ci9Gb250IDEgMCBSIC9Qcm9jU2V0IFsgL1BERiAvVGV4dCAvSW1hZ2VCIC9JbWFnZUMgL0ltYWdlSSBdCj4+IC9Sb3RhdGUgMCAvVHJhbnMgPDwKCj4+IAogIC9UeXBlIC9QYWdlCj4+CmVuZG9iagoxMCAwIG9iago8PAovQ29udGVudHMgMjUgMCBSIC9NZWRpYUJveCBbIDAgMCA1OTUuMjc1NiA4NDEuODg5OCBdIC9QYXJlbnQgMTcgMCBSIC9SZXNvdXJjZXMgPDwKL0ZvbnQgMSAwIFIgL1Byb2NTZXQgWyAvUERGIC9UZXh0IC9JbWFnZUIgL0ltYWdlQyAvSW1hZ2VJIF0KPj4gL1JvdGF0ZSAwIC9UcmFucyA8PAoKPj4gCiAgL1R5cGUgL1BhZ2UKPj4KZW5kb2JqCjExIDAgb2JqCjw8Ci9Db250ZW50cyAyNiAwIFIgL01lZGlhQm94IFsgMCAwIDU5NS4yNzU2IDg0MS44ODk4IF0gL1BhcmVudCAxNyAwIFIgL1Jlc291cmNlcyA8PAovRm9udCAxIDAgUiAvUHJvY1NldCBbIC9QREYgL1RleHQgL0ltYWdlQiAvSW1hZ2VDIC9JbWFnZUkgXQo+PiAvUm90YXRlIDAgL1RyYW5zIDw8Cgo+PiAKICAvVHlwZSAvUGFnZQo+PgplbmRvYmoKMTIgMCBvYmoKPDwKL0NvbnRlbnRzIDI3IDAgUiAvTWVkaWFCb3ggWyAwIDAgNTk1LjI3NTYgODQxLjg4OTggXSAvUGFyZW50IDE3IDAgUiAvUmVzb3VyY2VzIDw8Ci9Gb250IDEgMCBSIC9Qcm9jU2V0IFsgL1BERiAvVGV4dCAvSW1hZ2VCIC9JbWFnZUMgL0ltYWdlSSBdCj4+IC9Sb3RhdGUgMCAvVHJhbnMgPDwKCj4+IAogIC9UeXBlIC9QYWdlCj4+CmVuZG9iagoxMyAwIG9iago8PAovQ29udGVudHMgMjggMCBSIC9NZWRpYUJveCBbIDAgMCA1OTUuMjc1NiA4NDEuODg5OCBdIC9QYXJlbnQgMTcgMCBSIC9SZXNvdXJjZXMgPDwKL0ZvbnQgMSAwIFIgL1Byb2NTZXQgWyAvUERGIC9UZXh0IC9JbWFnZUIgL0ltYWdlQyAvSW1hZ2VJIF0KPj4gL1JvdGF0ZSAwIC9UcmFucyA8PAoKPj4gCiAgL1R5cGUgL1BhZ2UKPj4KZW5kb2JqCjE0IDAgb2JqCjw8Ci9Db250ZW50cyAyOSAwIFIgL01lZGlhQm94IFsgMCAwIDU5NS4yNzU2IDg0MS44ODk4IF0gL1BhcmVudCAxNyAwIFIgL1Jlc291cmNlcyA8PAovRm9udCAxIDAgUiAvUHJvY1NldCBbIC9QREYgL1RleHQgL0ltYWdlQiAvSW1hZ2VDIC9JbWFnZUkgXQo+PiAvUm90YXRlIDAgL1RyYW5zIDw8Cgo+PiAKICAvVHlwZSAvUGFnZQo+PgplbmRvYmoKMTUgMCBvYmoKPDwKL1BhZ2VNb2RlIC9Vc2VOb25lIC9QYWdlcyAxNyAwIFIgL1R5cGUgL0NhdGFsb2cKPj4KZW5kb2JqCjE2IDAgb2JqCjw8Ci9BdXRob3IgKGFub255bW91cykgL0NyZWF0aW9uRGF0ZSAoRDoyMDI2MTEzMDE4NTIxNiswMCcwMCcpIC9DcmVhdG9yIChSZXBvcnRMYWIgUERGIExpYnJhcnkgLSB3d3cucmVwb3J0bGFiLmNvbSkgL0tleXdvcmRzICgpIC9Nb2REYXRlIChEOjIwMjYxMTMwMTg1MjE2KzAwJzAwJykgL1Byb2R1Y2VyIChSZXBvcnRMYWIgUERGIExpYnJhcnkgLSB3d3cucmVwb3J0bGFiLmNvbSkgCiAgL1N1YmplY3QgKHVuc3BlY2lmaWVkKSAvVGl0bGUgKHVudGl0bGVkKSAvVHJhcHBlZCAvRmFsc2UKPj4KZW5kb2JqCjE3IDAgb2JqCjw8Ci9Db3VudCAxMiAvS2lkcyBbIDMgMCBSIDQgMCBSIDUgMCBSIDYgMCBSIDcgMCBSIDggMCBSIDkgMCBSIDEwIDAgUiAxMSAwIFIgMTIgMCBSIAogIDEzIDAgUiAxNCAwIFIgXSAvVHlwZSAvUGFnZXMKPj4KZW5kb2JqCjE4IDAgb2JqCjw8Ci9GaWx0ZXIgWyAvQVNDSUk4NURlY29kZSAvRmxhdGVEZWNvZGUgXSAvTGVuZ3RoIDE1MQo+PgpzdHJlYW0KR2FyV29ZbVM/NSY7OSIrOltzY0BgN21HTD0iQVNzJjtxazUrXXRbPyN0XFFzNHM9KjNLUmtTLHElT15BO2RYOmwpX05XKllxJyJaJGByRSZmc3BBOilFXS9LPGpSVkhoS0RWZmcpODRrPT8xTTFyJjJUNWZRJTE2XkA6V2Q6W15lZzVIKVhxS1FERzg7ZSx0TklOa2Z+PmVuZHN0cmVhbQplbmRvYmoKMTkgMCBvYmoKPDwKL0ZpbHRlciBbIC9BU0NJSTg1RGVjb2RlIC9GbGF0ZURlY29kZSBdIC9MZW5ndGggMTUxCj4+CnN0cmVhbQpHYXJXb1ltUz81Jjs5Iis6W3NjQGA3blJsPSJBU3MmO3FrNStddFs/JCpoalQ6Sl9FLCk0NG0jOlFbQy5tUiVAdC1SOytpNUdIXUBfSj9TZE40WFBCZD4xWmhROl02XnJtPjtHUSNsPWA5c0EjN2I3WyV1ZG0lZ0FKWFtVXkkpImJBTTJCR0VmW21fVzc1NGNfaEJLJ34+ZW5kc3RyZWFtCmVuZG9iagoyMCAwIG9iago8PAovRmlsdGVyIFsgL0FTQ0lJODVEZWNvZGUgL0ZsYXRlRGVjb2RlIF0gL0xlbmd0aCAxNTIKPj4Kc3RyZWFtCkdhcFFoMEU9RiwwVVxIM1RccE5ZVF5RS2s/dGM+SVAsO1cjVTFeMjNpaFBFTV8/Q1c0S0lTaTw7RDokZzpeRzBDY3U7WSUvaCZBRTwhW09SOzkxN2NFIXQsUmVpLD88MT1LMi5hXGlEbF9QNUVsVTx0OG9UZG07aS1hQklGXzpaT2dhMXNxYF5ySHNXUU5AcycqXjFkT34+ZW5kc3RyZWFtCmVuZG9iagoyMSAwIG9iago8PAovRmlsdGVyIFsgL0FTQ0lJODVEZWNvZGUgL0ZsYXRlRGVjb2RlIF0gL0xlbmd0aCAxNTEKPj4Kc3RyZWFtCkdhcldvWW1TPzUmOzkiKzpbc2MkaXBAZWI9IkFTcyNTcCkwNmEwQ14mbjU6QGhPa1c1X1M/bCdJIzg/W0RrQHMjKShtQidZcW07ISFAcDA0MSRuYk83U2V0cDI5XHQ0Ry08ZiZEaUsqOldhMFJNcis6c3BZZi1gTXM1PGxCVDpgVUpdYTVsVSZXVUVbO0E6Mm9TZyhFfj5lbmRzdHJlYW0KZW5kb2JqCjIyIDAgb2JqCjw8Ci9GaWx0ZXIgWyAvQVNDSUk4NURlY29kZSAvRmxhdGVEZWNvZGUgXSAvTGVuZ3RoIDE1MQo+PgpzdHJlYW0KR2FyV29ZbVM/NSY7OSIrOltzYyRpcEBkSVk7WVRFNXFKPm9MTD9mJkwoRmBASEBvQydhTThNLUkjOlZGRzk6JWYlJHFcJGZFai0yLSElQFlAYlVMJU5MZ3NqQ1JNI0gpPUtxaWZiaU8xQzBZXmFyLUZCb1osSWUlNSZibC9SSlViQCpzQF8mI2AhYStVRjlGaXJaXFp+PmVuZHN0cmVhbQplbmRvYmoKMjMgMCBvYmoKPDwKL0ZpbHRlciBbIC9BU0NJSTg1RGVjb2RlIC9GbGF0ZURlY29kZSBdIC9MZW5ndGggMTUxCj4+CnN0cmVhbQpHYXJXb1ltUz81Jjs5Iis6W3NjJGlwQGZXWHU+S0Q1cUo+b0xMP2YmTChGYEBIQG9DJ2FNOE0tSSM6VkZHOTolZiUkcVwkZkVqLTItISVAWUBiVUwlTkxnc2pDUk0jSCk9S3FpZmJpTzFDMFleYUkkZURWRCIuYjU1Qih1MFJKVWJAKnNAXyYjYCFhK1VGOUZqPzZaY34+ZW5kc3RyZWFtCmVuZG9iagoyNCAwIG9iago8PAovRmlsdGVyIFsgL0FTQ0lJODVEZWNvZGUgL0ZsYXRlRGVjb2RlIF0gL0xlbmd0aCAxNTEKPj4Kc3RyZWFtCkdhcldvWW1TPzUmOzkiKzpbc2NAYDdtR0w+OlkjIiY7cWs1K110Wz8kKmhqVDpKX0UsKTQ0bSM6UVtDLm1SJUB0LVI7LCpJUkw1XkwiQy5TKGpHcGIvUmcmT2I5WjFqczYpNV9iLjJcay08USc6UVIuKnRWZ21YYSIjaS9GcTBwSGEnLC1kalljaTc4TUlIUS1eKjojfj5lbmRzdHJlYW0KZW5kb2JqCjI1IDAgb2JqCjw8Ci9GaWx0ZXIgWyAvQVNDSUk4NURlY29kZSAvRmxhdGVEZWNvZGUgXSAvTGVuZ3RoIDE1Mgo+PgpzdHJlYW0KR2FwUWgwRT1GLDBVXEgzVFxwTllUXlFLaz90Yz5JUCw7VyNVMV4yM2loUEVNXz9DVzRLSVNpPDtEOiRnOl5HMENjdTtZJS9oJkFFPCFbT1I7OTE3Y0UhdC4oY28zXjYxPUsyLmFcaURsX1A1RWxVPHQ4b1RkbTtpLWFCSUZfODx1UWExc3FgXnJIc1dRTkBzJys8RGA7fj5lbmRzdHJlYW0KZW5kb2JqCjI2IDAgb2JqCjw8Ci9GaWx0ZXIgWyAvQVNDSUk4NURlY29kZSAvRmxhdGVEZWNvZGUgXSAvTGVuZ3RoIDE1Mgo+PgpzdHJlYW0KR2FwUWgwRT1GLDBVXEgzVFxwTllUXlFLaz90Yz5JUCw7VyNVMV4yM2loUEVNXz9DVzRLSVNpPDtEOiRnOl5HMENjdTtZJS9oJkFFPCFbT1I7OTE3Y0UhdC4oZTJLLToxPUsyLmFcaURsX1A1RWxVPHQ4b1RkbTtpLWFCSUZfOiQrYWExc3FgXnJIc1dRTkBzJytGWU5Ifj5lbmRzdHJlYW0KZW5kb2JqCjI3IDAgb2JqCjw8Ci9GaWx0ZXIgWyAvQVNDSUk4NURlY29kZSAvRmxhdGVEZWNvZGUgXSAvTGVuZ3RoIDE1Mgo+PgpzdHJlYW0KR2FyV29ZbVM/NSY7OSIrOltzY0BgN21HTD0iQVNzJjtxazUrXXRbPyN0XFFzNHM9KjNLUmtTLHElT15BO2RYOmwpX05XKllxJyJaJGByRSZmc3BBOilFXS9LPGpSVkhoS0RWZmcpODRrPT8uLFpgR11oYUwrUichanNwcnFxWGY2NHA0SjdEOHFfODJxST0lPD9tSHMpfj5lbmRzdHJlYW0KZW5kb2JqCjI4IDAgb2JqCjw8Ci9GaWx0ZXIgWyAvQVNDSUk4NURlY29kZSAvRmxhdGVEZWNvZGUgXSAvTGVuZ3RoIDE1MQo+PgpzdHJlYW0KR2FyV29ZbVM/NSdMXj40P1pBXlJFU2k9cGU7QSxZYDhaby4mTTJHMUtOUkhpKXE7X2sjLFc3IiNUS0xebW9ybVMrVUxVOEpCRCNPZjUvKTpHKCRQb1VvRmlBKTVWYEdtcDJlbjNnWWxWIj1aYHNNX1RcIS1cKDRULE0tImdxMCgnXiIzR0BvYGllMXQwVCRaU0tkLiR+PmVuZHN0cmVhbQplbmRvYmoKMjkgMCBvYmoKPDwKL0ZpbHRlciBbIC9BU0NJSTg1RGVjb2RlIC9GbGF0ZURlY29kZSBdIC9MZW5ndGggMTUyCj4+CnN0cmVhbQpHYXJXMVltUz81JjRIRENgQEZzLGdLZ09ULnNiMixNXkE8Rj1LIygnWi1dXUs6XltYS1FzdDwkOzU/VjteJGZAaktWWVIqI0lMKVFHZi5QJVpLaTxkN1o7cUNOKURoS3BISSVZU1ApYW5LM0J0NmA+Q2khUDxcNC1BJDMhdG9CaScnOCwzZGNNUWdtKTU4ciZbQC0vW0V+PmVuZHN0cmVhbQplbmRvYmoKeHJlZgowIDMwCjAwMDAwMDAwMDAgNjU1MzUgZiAKMDAwMDAwMDA3MyAwMDAwMCBuIAowMDAwMDAwMTA0IDAwMDAwIG4gCjAwMDAwMDAyMTEgMDAwMDAgbiAKMDAwMDAwMDQxNiAwMDAwMCBuIAowMDAwMDAwNjIxIDAwMDAwIG4gCjAwMDAwMDA4MjYgMDAwMDAgbiAKMDAwMDAwMTAzMSAwMDAwMCBuIAowMDAwMDAxMjM2IDAwMDAwIG4gCjAwMDAwMDE0NDEgMDAwMDAgbiAKMDAwMDAwMTY0NiAwMDAwMCBuIAowMDAwMDAxODUyIDAwMDAwIG4gCjAwMDAwMDIwNTggMDAwMDAgbiAKMDAwMDAwMjI2NCAwMDAwMCBuIAowMDAwMDAyNDcwIDAwMDAwIG4gCjAwMDAwMDI2NzYgMDAwMDAgbiAKMDAwMDAwMjc0NiAwMDAwMCBuIAowMDAwMDAzMDQzIDAwMDAwIG4gCjAwMDAwMDMxNzggMDAwMDAgbiAKMDAwMDAwMzQyMCAwMDAwMCBuIAowMDAwMDAzNjYyIDAwMDAwIG4gCjAwMDAwMDM5MDUgMDAwMDAgbiAKMDAwMDAwNDE0NyAwMDAwMCBuIAowMDAwMDA0Mzg5IDAwMDAwIG4gCjAwMDAwMDQ2MzEgMDAwMDAgbiAKMDAwMDAwNDg3MyAwMDAwMCBuIAowMDAwMDA1MTE2IDAwMDAwIG4gCjAwMDAwMDUzNTkgMDAwMDAgbiAKMDAwMDAwNTYwMiAwMDAwMCBuIAowMDAwMDA1ODQ0IDAwMDAwIG4gCnRyYWlsZXIKPDwKL0lEIApbPGQzMjFkN2Q3ZTYzMjMxNjA4NTM3NGQ1M2QwZTgwMGNhPjxkMzIxZDdkN2U2MzIzMTYwODUzNzRkNTNkMGU4MDBjYT5dCiUgUmVwb3J0TGFiIGdlbmVyYXRlZCBQREYgZG9jdW1lbnQgLS0gZGlnZXN0IChodHRwOi8vd3d3LnJlcG9ydGxhYi5jb20pCgovSW5mbyAxNiAwIFIKL1Jvb3QgMTUgMCBSCi9TaXplIDMwCj4+CnN0YXJ0eHJlZgo2MDg3CiUlRU9GCg==";

function collectiveFile() {
    const bytes = Uint8Array.from(atob(COLLECTIVE_PDF_BASE64), (char) => char.charCodeAt(0));
    return new File([bytes], "zbiorczy.pdf", { type: "application/pdf" });
}

registry.category("web_tour.tours").add("millennium_inbox_desk_tour", {
    steps: () => [
        {
            content: "Open the upload dialog from the Inbox",
            trigger: "button.o_millennium_upload",
            run: "click",
        },
        {
            content: "A collective document, one document per page",
            trigger: ".modal .o_field_widget[name='upload_mode'] input[data-value='collective']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_many2many_binary",
            async run() {
                await inputFiles(".modal .o_field_many2many_binary .o_input_file", [
                    collectiveFile(),
                ]);
            },
        },
        {
            trigger: ".modal .o_attachment[title='zbiorczy.pdf']:not(.o_attachment_uploading)",
        },
        {
            trigger: ".modal button.o_millennium_upload_confirm",
            run: "click",
        },
        {
            content: "Live progress: the list shows how far the split is, without a reload",
            trigger: ".o_list_view .o_data_row td[name='progress_label']:contains('page 10 of 12')",
        },
        {
            content: "Live progress: the split ends and its documents appear",
            trigger: ".o_list_view .o_data_row td[name='name']:contains('FV/12/2026')",
        },
        {
            trigger: ".o_list_view .o_data_row td[name='state']:contains('Split into documents')",
        },
        {
            content: "Open the first document",
            trigger: ".o_list_view .o_data_row:first td[name='name']:contains('FV/12/2026')",
            run: "click",
        },
        {
            content: "The document is shown beside its fields",
            trigger: ".o_form_view .o_attachment_preview iframe, .o_form_view .o_attachment_preview img",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='suggested_invoice_number'] input:value(FV/12/2026)",
        },
        {
            content: "Accept it",
            trigger: ".o_form_view button.o_millennium_accept_accounting",
            run: "click",
        },
        {
            trigger: ".modal button.o_millennium_accept_confirm",
            run: "click",
        },
        {
            content: "The next document to approve opens in the same form",
            trigger: ".o_breadcrumb .active:contains('FV/11/2026')",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('To approve')",
        },
        {
            content: "Reject it with Alt+X, then the next one opens",
            trigger: ".o_form_view button.o_millennium_reject",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit Duplikat faktury",
        },
        {
            trigger: ".modal button.o_millennium_reject_confirm",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb .active:contains('FV/10/2026')",
        },
    ],
});
