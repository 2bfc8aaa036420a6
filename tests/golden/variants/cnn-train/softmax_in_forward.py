# expect: fail returns probabilities; return the logits
class LeNet(LeNet):
    def forward(self, x):
        return F.softmax(super().forward(x), dim=1)
